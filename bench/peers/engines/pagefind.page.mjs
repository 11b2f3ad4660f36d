// Pagefind's side in the browser page: loads pagefind.js from the served bundle and answers
// with article ids, mapped from Pagefind's page ids by the table the harness made at build
// time (so no fragment is fetched: ids only, like the other engines).
export async function load({ ids }) {
  const pagefind = await import('/pagefind/pagefind.js');
  await pagefind.init();
  return {
    async search(query, limit) {
      const { results } = await pagefind.search(query);
      return results.slice(0, limit).map((r) => ids[r.id]);
    },
  };
}
