/**
 * `newsdex/jsx/vue`: `<newsdex-search>` in Vue's TSX and templates, with its attributes and its
 * events (`@newsdex-select`, `onNewsdexSelect`). Types only: name it once in the project,
 * `/// <reference types="newsdex/jsx/vue" />`, beside `import 'newsdex/element'`, and tell Vue's
 * compiler that the tag is a custom element (`compilerOptions.isCustomElement`).
 * @packageDocumentation
 */
import type { HTMLAttributes } from '@vue/runtime-dom';
import type { NewsdexErrorDetail, NewsdexSearchAttributes, NewsdexSelectDetail } from '../element.js';

/** What `<newsdex-search>` takes in Vue: an element's attributes, the box's, and its events. */
export type NewsdexSearchProps = Omit<HTMLAttributes, keyof NewsdexSearchAttributes>
  & NewsdexSearchAttributes
  & {
    onNewsdexSelect?: (event: CustomEvent<NewsdexSelectDetail>) => void;
    onNewsdexError?: (event: CustomEvent<NewsdexErrorDetail>) => void;
  };

declare module '@vue/runtime-dom' {
  interface IntrinsicElementAttributes {
    'newsdex-search': NewsdexSearchProps;
  }
}
