/**
 * `newsdex/jsx/solid`: `<newsdex-search>` in Solid's JSX (solid-js 1.x), with its attributes,
 * and its events for `on:newsdex-select` and `on:newsdex-error`. Types only: name it once in
 * the project, `/// <reference types="newsdex/jsx/solid" />`, beside `import 'newsdex/element'`.
 * @packageDocumentation
 */
import type { JSX } from 'solid-js';
import type { NewsdexErrorDetail, NewsdexSearchAttributes, NewsdexSearchElement, NewsdexSelectDetail } from '../element.js';

/** What `<newsdex-search>` takes in Solid: an element's attributes and the box's. */
export type NewsdexSearchProps = Omit<JSX.HTMLAttributes<NewsdexSearchElement>, keyof NewsdexSearchAttributes> & NewsdexSearchAttributes;

declare module 'solid-js' {
  namespace JSX {
    interface IntrinsicElements {
      'newsdex-search': NewsdexSearchProps;
    }
    interface CustomEvents {
      'newsdex-select': CustomEvent<NewsdexSelectDetail>;
      'newsdex-error': CustomEvent<NewsdexErrorDetail>;
    }
  }
}
