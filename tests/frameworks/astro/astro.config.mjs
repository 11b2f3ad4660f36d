// Nothing newsdex needs: Astro's defaults, a static build.
import { defineConfig } from 'astro/config';

export default defineConfig({});
