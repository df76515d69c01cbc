/**
 * A Stryker reporter that writes each mutant's result as it is tested, one line per mutant, to
 * `reports/mutation/<target>/results.tsv`. Survivors can be read (and killed) while a long run goes on,
 * and a run that has to stop early still says what it measured.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { commonTokens, declareClassPlugin, PluginKind } from "@stryker-mutator/api/plugin";

class ResultLogReporter {
    static inject = [commonTokens.options];

    constructor(options) {
        const json = options.jsonReporter?.fileName ?? "reports/mutation/mutation.json";
        this.file = path.join(path.dirname(json), "results.tsv");
        fs.mkdirSync(path.dirname(this.file), { recursive: true });
        fs.writeFileSync(this.file, "status\tfile:line:column\tmutator\treplacement\n");
    }

    onMutantTested(result) {
        const { line, column } = result.location.start;
        const replacement = String(result.replacement ?? "").replace(/\s+/g, " ").slice(0, 200);
        fs.appendFileSync(this.file, `${result.status}\t${result.fileName}:${line}:${column + 1}\t${result.mutatorName}\t${replacement}\n`);
    }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, "result-log", ResultLogReporter)];
