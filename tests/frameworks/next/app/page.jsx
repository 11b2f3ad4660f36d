// A server component that imports every entry point of the package at the top, as a page
// would, searches the embedded index and finds names with the recogniser on the server (at
// prerender), and renders the search box (a client component) with what it found.
import { Newsdex } from 'newsdex';
import { NewsdexSearchElement } from 'newsdex/element';
import { highlightQuery } from 'newsdex/highlight';
import Story from './story';

export default async function Page() {
  const dex = await Newsdex.load();
  const { total, hits } = dex.search('kerry lavrov');
  const names = await dex.entities('John Kerry met Sergei Lavrov in Geneva.');
  dex.close();
  const server = {
    total,
    first: hits[0]?.id ?? null,
    names: names.map((name) => `${name.type} ${name.text} ${name.entity ?? '-'}`),
    element: typeof NewsdexSearchElement,
    highlighter: typeof highlightQuery,
  };
  return (
    <main>
      <output id="server">{JSON.stringify(server)}</output>
      <Story />
    </main>
  );
}
