// The root layout imports the highlighter's stylesheet, as a site styling its marks would.
import 'newsdex/highlight.css';

// An icon of its own, so that the browser asks for no /favicon.ico (a 404 in the console).
export const metadata = { title: 'newsdex in Next.js', icons: { icon: 'data:,' } };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
