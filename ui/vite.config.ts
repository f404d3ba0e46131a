import { defineConfig } from "vitest/config";

// No plugin is needed: Vite compiles Preact's JSX through tsconfig's `jsxImportSource`.
export default defineConfig({
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: { target: "safari13", sourcemap: false },
  test: { environment: "jsdom", globals: true },
});
