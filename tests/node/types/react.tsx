/// <reference types="newsdex/jsx/react" />
// <newsdex-search> in React's JSX: attributes and events typed; each @ts-expect-error line must
// fail to compile.
import 'newsdex/element';
import type { NewsdexSearchElement } from 'newsdex/element';

export function Search({ go }: { go: (id: string) => void }) {
  return (
    <>
      <newsdex-search src="/news.ndx" placeholder="Search" label="Search the archive" limit={5} loading="visible" class="site-search"
        onnewsdex-select={(event) => go(event.detail.id)}
        onnewsdex-error={(event) => console.warn(event.detail.error.code)}
        ref={(box: NewsdexSearchElement | null) => void box?.ready} />
      {/* @ts-expect-error: loading is focus, visible or eager */}
      <newsdex-search loading="lazy" />
      {/* @ts-expect-error: the chosen id is a string */}
      <newsdex-search onnewsdex-select={(event) => Math.abs(event.detail.id)} />
      {/* @ts-expect-error: no attribute is called source */}
      <newsdex-search source="/news.ndx" />
    </>
  );
}
