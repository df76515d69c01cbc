/**
 * The tenant's contact point, from `settings.notifications`. It is selected by the tenant's own alert
 * rules (rule-level contact point), so the organisation's single notification policy is never touched.
 */
import * as grafana from "@pulumiverse/grafana";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedTenant } from "../model";
import type { LayerContext } from "../context";

export interface ContactPointPlan {
    name: string;
    webhookUrl?: string;
    emailAddresses?: string[];
}

/**
 * What the contact point sends to, or undefined when it would send nowhere (Grafana refuses a contact
 * point without integrations) or the tenant is archived (nobody is notified of an archived tenant).
 */
export function contactPointPlan(tenant: Pick<ResolvedTenant, "id" | "status" | "notifications" | "names">): ContactPointPlan | undefined {
    if (tenant.status === "archived") return undefined;
    const { webhook_url, email_alerts, email_addresses } = tenant.notifications;
    if (webhook_url !== undefined && !webhook_url.startsWith("https://")) {
        throw new Error(`tenant ${tenant.id}: settings.notifications.webhook_url must use https`);
    }
    const emails = email_alerts && email_addresses && email_addresses.length > 0 ? [...email_addresses] : undefined;
    if (webhook_url === undefined && emails === undefined) return undefined;
    return { name: tenant.names.grafanaContactPoint, webhookUrl: webhook_url, emailAddresses: emails };
}

export function createContactPoint(ctx: LayerContext, orgId: pulumi.Input<string>, plan: ContactPointPlan): grafana.alerting.ContactPoint {
    return new grafana.alerting.ContactPoint(
        ctx.name("contact-point"),
        {
            orgId,
            name: plan.name,
            // Webhook URLs often carry a token in their path or query: a secret from the start.
            webhooks: plan.webhookUrl ? [{ url: pulumi.secret(plan.webhookUrl), httpMethod: "POST" }] : undefined,
            emails: plan.emailAddresses ? [{ addresses: plan.emailAddresses, singleEmail: true }] : undefined,
        },
        ctx.opts,
    );
}
