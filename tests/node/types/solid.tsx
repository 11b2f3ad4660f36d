/// <reference types="newsdex/jsx/solid" />
// <newsdex-search> in Solid's JSX: attributes and events typed; each @ts-expect-error line must
// fail to compile.
import 'newsdex/element';

export function Search(props: { go: (id: string) => void }) {
  return (
    <>
      <newsdex-search src="/news.ndx" placeholder="Search" label="Search the archive" limit={5} loading="focus" class="site-search"
        on:newsdex-select={(event) => props.go(event.detail.id)}
        on:newsdex-error={(event) => console.warn(event.detail.error.code)} />
      {/* @ts-expect-error: loading is focus, visible or eager */}
      <newsdex-search loading="lazy" />
      {/* @ts-expect-error: the chosen id is a string */}
      <newsdex-search on:newsdex-select={(event) => Math.abs(event.detail.id)} />
    </>
  );
}
