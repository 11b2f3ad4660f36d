// Nothing newsdex needs: no serverExternalPackages, no transpilePackages. The app is built
// where the test keeps it, inside the repository's node_modules, so its own folder is named
// as its root (Next.js would otherwise take the repository's lockfile for its workspace's).
// Each bundler builds into a folder of its own, so that the test can build with both.
const root = import.meta.dirname;
export default { distDir: process.env.NEWSDEX_DIST ?? '.next', turbopack: { root }, outputFileTracingRoot: root };
