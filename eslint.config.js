// Lint rules: typescript-eslint's recommended set (no type-aware rules, to stay fast), no console output
// outside CLIs/tests, and no stray debugging. Formatting is not linted.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["src/generated/**", "node_modules/**", "data/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "no-console": ["error", { allow: ["error"] }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      eqeqeq: ["error", "always"],
      "no-debugger": "error",
    },
  },
  {
    files: ["src/cli/**", "test/**", "bench/**", "scripts/**", "src/bots/webchat/terminal-chat.ts", "src/main.ts"],
    rules: { "no-console": "off" },
  },
  {
    files: ["src/bots/webchat/webchat-page.ts", "src/console/static/**"],
    languageOptions: { globals: { ...globals.browser } },
  },
);
