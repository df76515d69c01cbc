/**
 * The access matrix, asked of the API server with SubjectAccessReview after the dev stack is applied:
 * every group of every sample tenant against its own namespace, another tenant's, the platform
 * namespace, kube-system and cluster scope. The access table of docs/kubernetes.md is rendered from
 * these answers (STOA_WRITE_ACCESS_TABLE=1 writes it, `npm run docs:access-table`); otherwise the
 * test fails when the document differs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TENANT_GROUPS } from "../../components/model";
import {
    CLUSTER_SCOPED,
    ESCALATIONS,
    NAMESPACED,
    SELF_REVIEWS,
    VERBS,
    askAll,
    refName,
    renderAccessTable,
    withAccessTable,
    type AccessColumn,
    type Question,
    type Subject,
} from "./access";
import { adminClient } from "./client";
import { recordFact } from "./facts";
import { ensureStack, stackObjects } from "./stack";

const TENANTS = ["acme-corp", "globex", "initech", "oasis"] as const;
const PLATFORM_NAMESPACE = "stoa-system";
const DOC = path.join(process.cwd(), "docs/kubernetes.md");

const subjectOf = (tenant: string, group: string): Subject => ({ user: `tenant:${tenant}:someone-${group}`, groups: [`tenant:${tenant}:${group}`, "system:authenticated"] });

interface Answered extends Question {
    allowed: boolean;
    tenant: string;
    group: string;
    where: "own" | "other-tenant" | "platform" | "kube-system" | "cluster";
}

const answered: Answered[] = [];
const admin = adminClient();

beforeAll(async () => {
    await ensureStack(admin, await stackObjects("dev", admin.cluster.keycloakUrl));
    const questions: Omit<Answered, "allowed">[] = [];
    for (const [i, tenant] of TENANTS.entries()) {
        const other = TENANTS[(i + 1) % TENANTS.length]!;
        for (const group of TENANT_GROUPS) {
            const subject = subjectOf(tenant, group);
            const places = [
                ["own", `tenant-${tenant}`],
                ["other-tenant", `tenant-${other}`],
                ["platform", PLATFORM_NAMESPACE],
                ["kube-system", "kube-system"],
            ] as const;
            for (const [where, namespace] of places) {
                for (const target of NAMESPACED) for (const verb of VERBS) questions.push({ subject, namespace, verb, target, tenant, group, where });
                for (const e of ESCALATIONS) questions.push({ subject, namespace, verb: e.verb, target: e.target, tenant, group, where });
            }
            for (const target of CLUSTER_SCOPED) for (const verb of VERBS) questions.push({ subject, namespace: "", verb, target, tenant, group, where: "cluster" });
            for (const e of ESCALATIONS) questions.push({ subject, namespace: "", verb: e.verb, target: e.target, tenant, group, where: "cluster" });
            for (const target of SELF_REVIEWS) questions.push({ subject, namespace: "", verb: "create", target, tenant, group, where: "cluster" });
        }
    }
    const answers = await askAll(admin, questions);
    questions.forEach((q, i) => answered.push({ ...q, allowed: answers[i]! }));
    recordFact("access", { accessChecks: answered.length });
}, 600_000);

afterAll(() => admin.close());

const isSelfReview = (a: Answered) => a.where === "cluster" && SELF_REVIEWS.some((s) => refName(s) === refName(a.target));
const describeAnswer = (a: Answered) => `${a.subject.groups[0]} ${a.verb} ${refName(a.target)} in ${a.namespace || "(cluster)"}`;

function column(tenant: string, group: string, title: string): AccessColumn {
    const verbs = new Map<string, string[]>();
    for (const a of answered) {
        if (a.tenant !== tenant || a.group !== group || a.where !== "own" || !a.allowed || !(VERBS as readonly string[]).includes(a.verb)) continue;
        verbs.set(refName(a.target), [...(verbs.get(refName(a.target)) ?? []), a.verb]);
    }
    return { title, verbs };
}

function ownAnswers(tenant: string, group: string): string[] {
    return answered.filter((a) => a.tenant === tenant && a.group === group && a.where === "own" && a.allowed).map((a) => `${a.verb} ${refName(a.target)}`);
}

describe("access matrix from the API server (dev stack, sample tenants)", () => {
    it("asked every question", () => {
        expect(answered.length).toBeGreaterThan(10_000);
    });

    it("no tenant group can do anything in another tenant's namespace, the platform namespace or kube-system", () => {
        const leaks = answered.filter((a) => a.allowed && ["other-tenant", "platform", "kube-system"].includes(a.where)).map(describeAnswer);
        expect(leaks).toEqual([]);
    });

    it("at cluster scope a tenant group can only review itself", () => {
        const leaks = answered.filter((a) => a.allowed && a.where === "cluster" && !isSelfReview(a)).map(describeAnswer);
        expect(leaks).toEqual([]);
        const selfReviews = answered.filter(isSelfReview);
        expect(selfReviews.length).toBe(TENANTS.length * TENANT_GROUPS.length * SELF_REVIEWS.length);
        expect(selfReviews.every((a) => a.allowed)).toBe(true);
    });

    it("no group may impersonate, bind or escalate, nor touch RBAC objects, quotas, LimitRanges or NetworkPolicies for writing", () => {
        const writes = ["create", "update", "patch", "delete", "deletecollection"];
        const guarded = new Set(["roles.rbac.authorization.k8s.io", "rolebindings.rbac.authorization.k8s.io", "resourcequotas", "limitranges", "networkpolicies.networking.k8s.io", "daemonsets.apps"]);
        const leaks = answered
            .filter((a) => a.allowed && (ESCALATIONS.some((e) => e.verb === a.verb) || (guarded.has(refName(a.target)) && writes.includes(a.verb))))
            .map(describeAnswer);
        expect(leaks).toEqual([]);
    });

    it("the archived tenant's groups have no access at all, even in their own namespace", () => {
        for (const group of TENANT_GROUPS) expect(ownAnswers("initech", group)).toEqual([]);
    });

    it("the suspended tenant's groups only read, and never Secrets", () => {
        for (const group of TENANT_GROUPS) {
            const allowed = ownAnswers("globex", group);
            expect(allowed.length).toBeGreaterThan(0);
            expect(allowed.filter((a) => !/^(get|list|watch) /.test(a))).toEqual([]);
            expect(allowed.filter((a) => a.endsWith(" secrets"))).toEqual([]);
        }
    });

    it("active tenants in dev: the brief's roles (viewer reads, devops deploys without Secrets, tenant-admin also manages Secrets and pods)", () => {
        for (const tenant of ["acme-corp", "oasis"]) {
            const viewer = ownAnswers(tenant, "viewer");
            const devops = ownAnswers(tenant, "devops");
            const tenantAdmin = ownAnswers(tenant, "tenant-admin");
            expect(viewer).toContain("list pods");
            expect(viewer.filter((a) => !/^(get|list|watch) /.test(a))).toEqual([]);
            expect(devops).toEqual(expect.arrayContaining(["create deployments.apps", "patch deployments/scale.apps", "create services", "create ingresses.networking.k8s.io", "create configmaps"]));
            expect(devops.filter((a) => / secrets$| pods\/exec$/.test(a))).toEqual([]);
            expect(devops).not.toContain("create pods");
            expect(tenantAdmin).toEqual(expect.arrayContaining(["create secrets", "get secrets", "create pods/exec", "create pods", "delete persistentvolumeclaims"]));
            expect(tenantAdmin.filter((a) => / serviceaccounts\/token$| pods\/ephemeralcontainers$/.test(a) && !a.startsWith("get"))).toEqual([]);
        }
    });

    it("every tenant at the same permission gets the same answers (the table holds for all of them)", () => {
        const viewer = ownAnswers("acme-corp", "viewer").sort();
        for (const group of TENANT_GROUPS) expect(ownAnswers("globex", group).sort()).toEqual(viewer);
        for (const group of TENANT_GROUPS) expect(ownAnswers("oasis", group).sort()).toEqual(ownAnswers("acme-corp", group).sort());
    });

    it("docs/kubernetes.md holds the access table generated from these answers", () => {
        const columns = [column("acme-corp", "tenant-admin", "tenant-admin at write"), column("acme-corp", "devops", "devops at write"), column("acme-corp", "viewer", "viewer, or any group at read")];
        const elsewhere = (["other-tenant", "platform", "kube-system", "cluster"] as const).map((where) => {
            const allowed = answered.filter((a) => a.where === where && a.allowed).map((a) => `${a.verb} ${refName(a.target)}`);
            const unique = [...new Set(allowed)];
            const titles = { "other-tenant": "Another tenant's namespace", platform: "The platform namespace", "kube-system": "kube-system", cluster: "Cluster scope" };
            return { where: titles[where], allowed: unique.length === 0 ? "nothing" : unique.map((u) => `\`${u}\``).join(", ") };
        });
        const table = renderAccessTable(columns, elsewhere);
        const expected = withAccessTable(fs.readFileSync(DOC, "utf8"), table);
        if (process.env.STOA_WRITE_ACCESS_TABLE === "1") fs.writeFileSync(DOC, expected);
        expect(fs.readFileSync(DOC, "utf8"), "docs/kubernetes.md differs from the server's answers: run npm run docs:access-table").toBe(expected);
    });
});
