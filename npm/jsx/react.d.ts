/**
 * `newsdex/jsx/react`: `<newsdex-search>` in React's JSX (React 19, `React.JSX`), with its
 * attributes and its events as `onnewsdex-select` and `onnewsdex-error` (React 19 adds a
 * listener for the event named after `on`). Types only: name it once in the project,
 * `/// <reference types="newsdex/jsx/react" />`, beside `import 'newsdex/element'` in a client
 * component.
 * @packageDocumentation
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { NewsdexErrorDetail, NewsdexSearchAttributes, NewsdexSearchElement, NewsdexSelectDetail } from '../element.js';

/** What `<newsdex-search>` takes in React: an element's attributes, the box's, and its events. */
export type NewsdexSearchProps = Omit<DetailedHTMLProps<HTMLAttributes<NewsdexSearchElement>, NewsdexSearchElement>, keyof NewsdexSearchAttributes>
  & NewsdexSearchAttributes
  & {
    /** React 19 passes `class` to a custom element as it is. */
    class?: string;
    'onnewsdex-select'?: (event: CustomEvent<NewsdexSelectDetail>) => void;
    'onnewsdex-error'?: (event: CustomEvent<NewsdexErrorDetail>) => void;
  };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'newsdex-search': NewsdexSearchProps;
    }
  }
}
