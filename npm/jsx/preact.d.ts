/**
 * `newsdex/jsx/preact`: `<newsdex-search>` in Preact's JSX, with its attributes and its events
 * as `onnewsdex-select` and `onnewsdex-error`. Types only: name it once in the project,
 * `/// <reference types="newsdex/jsx/preact" />`, beside `import 'newsdex/element'`.
 * @packageDocumentation
 */
import type { HTMLAttributes } from 'preact';
import type { NewsdexErrorDetail, NewsdexSearchAttributes, NewsdexSearchElement, NewsdexSelectDetail } from '../element.js';

/** What `<newsdex-search>` takes in Preact: an element's attributes, the box's, and its events. */
export type NewsdexSearchProps = Omit<HTMLAttributes<NewsdexSearchElement>, keyof NewsdexSearchAttributes>
  & NewsdexSearchAttributes
  & {
    'onnewsdex-select'?: (event: CustomEvent<NewsdexSelectDetail>) => void;
    'onnewsdex-error'?: (event: CustomEvent<NewsdexErrorDetail>) => void;
  };

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'newsdex-search': NewsdexSearchProps;
    }
  }
}
