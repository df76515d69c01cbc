/**
 * The access matrix of the API server suite: what each tenant group may do, asked of the server itself
 * with SubjectAccessReview, and the access table of docs/kubernetes.md rendered from those answers.
 */
import type { KubeClient } from "./client";

export const VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"] as const;
export type Verb = (typeof VERBS)[number];

export interface ResourceRef {
    group: string;
    resource: string;
    subresource?: string;
}

const ref = (group: string, resource: string): ResourceRef => {
    const [name, subresource] = resource.split("/");
    return subresource ? { group, resource: name!, subresource } : { group, resource: name! };
};

/** Namespaced resources asked in every namespace. */
export const NAMESPACED: readonly ResourceRef[] = [
    ...["pods", "pods/log", "pods/exec", "pods/attach", "pods/portforward", "pods/ephemeralcontainers", "secrets", "configmaps", "services", "endpoints", "serviceaccounts", "serviceaccounts/token", "persistentvolumeclaims", "events", "resourcequotas", "limitranges"].map((r) => ref("", r)),
    ...["deployments", "deployments/scale", "statefulsets", "replicasets", "daemonsets"].map((r) => ref("apps", r)),
    ...["jobs", "cronjobs"].map((r) => ref("batch", r)),
    ref("autoscaling", "horizontalpodautoscalers"),
    ref("policy", "poddisruptionbudgets"),
    ref("networking.k8s.io", "ingresses"),
    ref("networking.k8s.io", "networkpolicies"),
    ref("discovery.k8s.io", "endpointslices"),
    ref("rbac.authorization.k8s.io", "roles"),
    ref("rbac.authorization.k8s.io", "rolebindings"),
    ref("coordination.k8s.io", "leases"),
    ref("configuration.konghq.com", "kongplugins"),
    ref("cert-manager.io", "certificates"),
    ref("velero.io", "schedules"),
];

/** Cluster-scoped resources, asked with no namespace. */
export const CLUSTER_SCOPED: readonly ResourceRef[] = [
    ...["namespaces", "nodes", "persistentvolumes"].map((r) => ref("", r)),
    ref("rbac.authorization.k8s.io", "clusterroles"),
    ref("rbac.authorization.k8s.io", "clusterrolebindings"),
    ref("storage.k8s.io", "storageclasses"),
    ref("apiextensions.k8s.io", "customresourcedefinitions"),
    ref("admissionregistration.k8s.io", "validatingadmissionpolicies"),
    ref("admissionregistration.k8s.io", "validatingadmissionpolicybindings"),
    ref("admissionregistration.k8s.io", "validatingwebhookconfigurations"),
    ref("certificates.k8s.io", "certificatesigningrequests"),
    ref("scheduling.k8s.io", "priorityclasses"),
];

/** Verbs beyond the usual eight that turn access into more access. */
export const ESCALATIONS: readonly { verb: string; target: ResourceRef }[] = [
    { verb: "impersonate", target: ref("", "users") },
    { verb: "impersonate", target: ref("", "groups") },
    { verb: "impersonate", target: ref("", "serviceaccounts") },
    { verb: "bind", target: ref("rbac.authorization.k8s.io", "clusterroles") },
    { verb: "escalate", target: ref("rbac.authorization.k8s.io", "clusterroles") },
    { verb: "approve", target: ref("certificates.k8s.io", "signers") },
];

/** What every authenticated user may do at cluster scope in any cluster: review its own access. */
export const SELF_REVIEWS: readonly ResourceRef[] = [
    ref("authorization.k8s.io", "selfsubjectaccessreviews"),
    ref("authorization.k8s.io", "selfsubjectrulesreviews"),
    ref("authentication.k8s.io", "selfsubjectreviews"),
];

export function refName(r: ResourceRef): string {
    const name = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
    return r.group ? `${name}.${r.group}` : name;
}

export interface Subject {
    user: string;
    groups: string[];
}

export interface Question {
    subject: Subject;
    /** "" for cluster scope. */
    namespace: string;
    verb: string;
    target: ResourceRef;
}

export async function isAllowed(admin: KubeClient, q: Question): Promise<boolean> {
    const answer = await admin.post("/apis/authorization.k8s.io/v1/subjectaccessreviews", {
        apiVersion: "authorization.k8s.io/v1",
        kind: "SubjectAccessReview",
        spec: {
            user: q.subject.user,
            groups: q.subject.groups,
            resourceAttributes: {
                ...(q.namespace ? { namespace: q.namespace } : {}),
                verb: q.verb,
                group: q.target.group,
                resource: q.target.resource,
                ...(q.target.subresource ? { subresource: q.target.subresource } : {}),
            },
        },
    });
    if (answer.status !== 201) throw new Error(`SubjectAccessReview: HTTP ${answer.status}: ${String(answer.body.message)}`);
    return (answer.body.status as { allowed?: boolean }).allowed === true;
}

/** Asks every question, a few at a time; answers in the questions' order. */
export async function askAll(admin: KubeClient, questions: readonly Question[], parallel = 8): Promise<boolean[]> {
    const answers: boolean[] = new Array<boolean>(questions.length);
    let next = 0;
    const worker = async () => {
        while (next < questions.length) {
            const i = next++;
            answers[i] = await isAllowed(admin, questions[i]!);
        }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    return answers;
}

/** The allowed verbs of one cell, in words: "full", "read", "—", or the verbs themselves. */
export function cell(verbs: readonly string[]): string {
    const set = new Set(verbs);
    if (VERBS.every((v) => set.has(v))) return "full";
    if (set.size === 0) return "—";
    if (set.size === 3 && ["get", "list", "watch"].every((v) => set.has(v))) return "read";
    return VERBS.filter((v) => set.has(v)).join(", ");
}

export interface AccessColumn {
    title: string;
    /** Allowed verbs by resource name (`refName`). */
    verbs: ReadonlyMap<string, readonly string[]>;
}

export const ACCESS_TABLE_BEGIN = "<!-- access-table:begin (generated by npm run docs:access-table from the API server's answers) -->";
export const ACCESS_TABLE_END = "<!-- access-table:end -->";

/** The Markdown table: one row per namespaced resource, one column per group and permission. */
export function renderAccessTable(columns: readonly AccessColumn[], elsewhere: readonly { where: string; allowed: string }[]): string {
    const header = `| Resource (own namespace) | ${columns.map((c) => c.title).join(" | ")} |`;
    const rule = `|${["---", ...columns.map(() => "---")].map((d) => d).join("|")}|`;
    const rows = NAMESPACED.map((r) => `| \`${refName(r)}\` | ${columns.map((c) => cell(c.verbs.get(refName(r)) ?? [])).join(" | ")} |`);
    const where = elsewhere.map((e) => `| ${e.where} | ${e.allowed} |`);
    return [header, rule, ...rows, "", "| Elsewhere (every tenant group, any permission) | Allowed |", "|---|---|", ...where].join("\n");
}

/** `doc` with the text between the markers replaced by `table`; throws when the markers are missing. */
export function withAccessTable(doc: string, table: string): string {
    const begin = doc.indexOf(ACCESS_TABLE_BEGIN);
    const end = doc.indexOf(ACCESS_TABLE_END);
    if (begin < 0 || end < begin) throw new Error(`docs/kubernetes.md: the access table markers are missing (${ACCESS_TABLE_BEGIN} … ${ACCESS_TABLE_END})`);
    return `${doc.slice(0, begin + ACCESS_TABLE_BEGIN.length)}\n${table}\n${doc.slice(end)}`;
}
