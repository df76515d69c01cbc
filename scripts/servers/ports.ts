/** Free loopback ports for the test servers. */
import * as net from "node:net";

/** Asks the kernel for `count` free loopback ports (held together so that they differ). */
export async function freePorts(count: number): Promise<number[]> {
    const servers = await Promise.all(
        Array.from(
            { length: count },
            () =>
                new Promise<net.Server>((resolve, reject) => {
                    const server = net.createServer();
                    server.once("error", reject);
                    server.listen(0, "127.0.0.1", () => resolve(server));
                }),
        ),
    );
    const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    return ports;
}
