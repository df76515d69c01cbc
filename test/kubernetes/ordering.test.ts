/**
 * Ordering that the mocks do not enforce: under a real `pulumi up` an object inside the tenant
 * namespace, realm or schema fails if it is created first. Each must wait for it, through an output
 * it reads or an explicit `dependsOn`. A stack transformation sees both before the mocks resolve them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { readStackFile, runOffline, type OfflineRun } from "../../scripts/offline/runtime";
import { stoaTenancy } from "../../components/program";
import { SAMPLE_TENANTS_DIR } from "./helpers";

/** `<type>::<name>` of a resource, the key of the dependency graph. */
type Key = string;
const keyOf = (type: string, name: string): Key => `${type}::${name}`;

/** Every Output inside a value given as resource arguments. */
function outputsIn(value: unknown, found: pulumi.Output<unknown>[] = []): pulumi.Output<unknown>[] {
    if (pulumi.Output.isInstance(value)) found.push(value as pulumi.Output<unknown>);
    else if (Array.isArray(value)) for (const v of value) outputsIn(v, found);
    else if (value !== null && typeof value === "object" && !pulumi.Resource.isInstance(value)) for (const v of Object.values(value)) outputsIn(v, found);
    return found;
}

let run: OfflineRun;
/** Direct dependencies of every resource: the resources behind its input outputs, and its dependsOn. */
const direct = new Map<Key, Set<Key>>();

beforeAll(async () => {
    const seen: { key: Key; dependsOn: pulumi.Resource[]; outputs: pulumi.Output<unknown>[] }[] = [];
    const keys = new Map<pulumi.Resource, Key>();
    run = await runOffline({
        stack: "dev",
        config: { ...readStackFile(process.cwd(), "dev"), removalGuard: false },
        program: () => {
            pulumi.runtime.registerStackTransformation((args) => {
                const key = keyOf(args.type, args.name);
                keys.set(args.resource, key);
                const dependsOn = args.opts.dependsOn;
                seen.push({ key, dependsOn: (Array.isArray(dependsOn) ? dependsOn : dependsOn ? [dependsOn] : []) as pulumi.Resource[], outputs: outputsIn(args.props) });
                return undefined;
            });
            return stoaTenancy({ tenantsDir: SAMPLE_TENANTS_DIR });
        },
    });
    for (const { key, dependsOn, outputs } of seen) {
        const deps = new Set<Key>();
        for (const r of dependsOn) deps.add(keys.get(r)!);
        for (const output of outputs) for (const r of await pulumi.getAllResources(output)) if (keys.has(r)) deps.add(keys.get(r)!);
        direct.set(key, deps);
    }
});

/** Everything `key` waits for, directly or through what it waits for. */
function waitsFor(key: Key): Set<Key> {
    const all = new Set<Key>();
    const queue = [...(direct.get(key) ?? [])];
    while (queue.length > 0) {
        const next = queue.pop()!;
        if (all.has(next)) continue;
        all.add(next);
        queue.push(...(direct.get(next) ?? []));
    }
    return all;
}

const TENANTS = ["oasis", "acme-corp", "globex", "initech"];
const byName = (id: string, suffix: string) => run.resources.find((r) => r.name === `${id}/${suffix}`)!;
const key = (r: { type: string; name: string }) => keyOf(r.type, r.name);

describe.each(TENANTS)("%s", (id) => {
    it("every object inside the tenant namespace waits for the namespace", () => {
        const namespace = keyOf("kubernetes:core/v1:Namespace", `${id}/namespace`);
        const inside = run.resources.filter((r) => (r.inputs.metadata as { namespace?: string } | undefined)?.namespace === `tenant-${id}`);
        expect(inside.length).toBeGreaterThanOrEqual(8); // quota, limits, 4 policies, route plugins, ...
        for (const r of inside) expect([...waitsFor(key(r))], r.name).toContain(namespace);
    });

    it("every Keycloak object of the tenant waits for its realm", () => {
        const realm = key(byName(id, "realm"));
        const objects = run.resources.filter((r) => r.type.startsWith("keycloak:") && r.name.startsWith(`${id}/`) && r.name !== `${id}/realm`);
        expect(objects.length).toBeGreaterThan(5);
        for (const r of objects) expect([...waitsFor(key(r))], r.name).toContain(realm);
    });

    it("the schema waits for its owner; every grant and default privilege waits for the schema and its role", () => {
        // The database model (business and enterprise) puts the schema in the tenant's own database.
        const own = run.resources.some((r) => r.name === `${id}/db-database`);
        const schema = key(byName(id, own ? "db-database-schema" : "db-schema"));
        expect([...waitsFor(schema)]).toContain(key(byName(id, "db-owner")));
        if (own) expect([...waitsFor(schema)]).toContain(key(byName(id, "db-database")));
        const all = run.resources.filter((r) => /^postgresql:index\/(grant|defaultPrivileges):/.test(r.type) && r.name.startsWith(`${id}/`));
        const grants = all.filter((r) => !r.name.startsWith(`${id}/db-database-`));
        expect(grants).toHaveLength(18);
        for (const r of grants) {
            // PUBLIC's revokes (db-public-…) wait for the schema and its owner.
            const role = r.name.includes("/db-app-") ? "db-app" : r.name.includes("/db-backup-") ? "db-backup" : "db-owner";
            expect([...waitsFor(key(r))], r.name).toEqual(expect.arrayContaining([schema, key(byName(id, role))]));
        }
        // The tenant database's own revokes from PUBLIC wait for the database.
        const closing = all.filter((r) => r.name.startsWith(`${id}/db-database-`));
        expect(closing).toHaveLength(own ? 5 : 0);
        for (const r of closing) expect([...waitsFor(key(r))], r.name).toContain(key(byName(id, "db-database")));
    });

    it("ends the tenant's sessions only after its roles and every grant of its status are applied", () => {
        const grants = run.resources.filter(
            (r) => /^postgresql:index\/(grant|defaultPrivileges):/.test(r.type) && r.name.startsWith(`${id}/`) && !r.name.startsWith(`${id}/db-database-`),
        );
        const waits = [...waitsFor(key(byName(id, "db-end-sessions")))];
        expect(waits).toEqual(expect.arrayContaining([key(byName(id, "db-app")), key(byName(id, "db-backup")), ...grants.map(key)]));
    });

    it("Grafana objects wait for the folder, and alert rules for their contact point and datasource", () => {
        const folder = key(byName(id, "folder"));
        for (const suffix of ["folder-permissions", "dashboard"]) expect([...waitsFor(key(byName(id, suffix)))]).toContain(folder);
        const rules = run.resources.find((r) => r.name === `${id}/rule-group`);
        if (!rules) return; // no contact point, no rule (checked in test/observability)
        expect([...waitsFor(key(rules))]).toEqual(expect.arrayContaining([folder, key(byName(id, "contact-point")), key(byName(id, "datasource"))]));
    });
});

it("at least one sample tenant has an alert rule, so the rule ordering above is exercised", () => {
    expect(run.resources.some((r) => r.name.endsWith("/rule-group"))).toBe(true);
});
