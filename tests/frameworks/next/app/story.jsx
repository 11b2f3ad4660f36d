'use client';
// A client component: imports the element and the highlighter at the top (prerendered on the
// server, where there is no DOM), then in the browser marks the names in a story that is not
// in the index (the recogniser's module is fetched for that) and reports what it marked.
import { useEffect, useRef, useState } from 'react';
import { Newsdex } from 'newsdex';
import 'newsdex/element';
import { highlightEntities } from 'newsdex/highlight';

export default function Story() {
  const story = useRef(null);
  const [report, setReport] = useState('');
  useEffect(() => {
    (async () => {
      const dex = await Newsdex.load();
      const names = await highlightEntities(story.current, { dex });
      return { names: names.map((name) => `${name.type} ${name.text} ${name.entity ?? '-'}`) };
    })().then((result) => setReport(JSON.stringify(result)), (error) => setReport(JSON.stringify({ error: `${error.code}: ${error.message}` })));
  }, []);
  return (
    <>
      <newsdex-search label="Search the sample" placeholder="Search"></newsdex-search>
      <p id="story" ref={story}>Angela Merkel spoke to John Kerry in Berlin.</p>
      <output id="client">{report}</output>
    </>
  );
}
