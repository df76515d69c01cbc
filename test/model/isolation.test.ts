/**
 * The PostgreSQL isolation models of components/model/isolation.ts: the acknowledgement a change of
 * model needs, and the refusal of a model weaker than the tier's (docs/data.md).
 */
import { describe, expect, it } from "vitest";
import { isolationChange, isolationProblem } from "../../components/model/isolation";

describe("isolationChange", () => {
    it("names the change between two different models, none for the same model", () => {
        expect(isolationChange("schema", "database")).toBe("schema-to-database");
        expect(isolationChange("database", "schema")).toBe("database-to-schema");
        expect(isolationChange("schema", "schema")).toBeUndefined();
        expect(isolationChange("database", "database")).toBeUndefined();
    });
});

describe("isolationProblem", () => {
    it("refuses a weaker model than the tier's", () => {
        expect(isolationProblem("enterprise", "database", "schema")).toBe("schema is weaker than the enterprise tier's database model; a tenant may ask only for a stronger model");
    });

    it("accepts the tier's own model and a stronger one", () => {
        expect(isolationProblem("enterprise", "database", "database")).toBeUndefined();
        expect(isolationProblem("community", "schema", "schema")).toBeUndefined();
        expect(isolationProblem("community", "schema", "database")).toBeUndefined();
    });

    it("leaves a value that is no model to the schema's own message", () => {
        expect(isolationProblem("enterprise", "database", "table")).toBeUndefined();
        expect(isolationProblem("enterprise", "database", 1)).toBeUndefined();
        expect(isolationProblem("enterprise", "database", undefined)).toBeUndefined();
    });
});
