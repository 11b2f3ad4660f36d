// A server component rendered on each request (not prerendered): the search runs in the
// server's own process, on the query in the URL.
import { Newsdex } from 'newsdex';

export const dynamic = 'force-dynamic';

export default async function Live({ searchParams }) {
  const { q = '' } = await searchParams;
  const dex = await Newsdex.load();
  const { total, hits } = dex.search(q);
  dex.close();
  return <output id="live">{JSON.stringify({ query: q, total, ids: hits.map((hit) => hit.id) })}</output>;
}
