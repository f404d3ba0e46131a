// Boundaries of the UI (ARCHITECTURE.md, invariant 8): only src/ipc imports @tauri-apps/*,
// components import neither ipc nor features, features talk to each other through index files.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**"] },
  ...tseslint.configs.recommended,
  {
    files: ["src/**/*.{ts,tsx}"],
    ignores: ["src/ipc/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@tauri-apps/*"], message: "Only src/ipc may talk to Tauri." }] },
      ],
    },
  },
  {
    files: ["src/components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@tauri-apps/*"], message: "Only src/ipc may talk to Tauri." },
            { group: ["**/ipc/**", "**/features/**"], message: "Components are presentational." },
          ],
        },
      ],
    },
  },
);
