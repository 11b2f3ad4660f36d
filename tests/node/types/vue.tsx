/// <reference types="newsdex/jsx/vue" />
// <newsdex-search> in Vue's TSX: attributes and events typed; each @ts-expect-error line must
// fail to compile.
import 'newsdex/element';

export function search(go: (id: string) => void) {
  return (
    <>
      <newsdex-search src="/news.ndx" placeholder="Search" label="Search the archive" limit={5} loading="visible" class="site-search"
        onNewsdexSelect={(event) => go(event.detail.id)}
        onNewsdexError={(event) => console.warn(event.detail.error.code)} />
      {/* @ts-expect-error: loading is focus, visible or eager */}
      <newsdex-search loading="lazy" />
      {/* @ts-expect-error: the chosen id is a string */}
      <newsdex-search onNewsdexSelect={(event) => Math.abs(event.detail.id)} />
    </>
  );
}
