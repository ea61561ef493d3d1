/** Asset imports Vite resolves to URLs. */
declare module '*.svg' {
  const url: string;
  export default url;
}
