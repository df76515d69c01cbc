/**
 * The project's vitest config for mutation runs. Stryker runs the same test files hundreds of times in
 * one long-lived worker: without isolation the worker keeps its loaded modules (Pulumi's SDK takes
 * seconds to load) from one mutant to the next; Stryker switches mutants at run time, not by reloading.
 * The longer timeout is for a busy machine, where one plan under the mocks can take minutes.
 */
import { defineConfig, mergeConfig } from "vitest/config";
import base from "../vitest.config";

export default mergeConfig(base, defineConfig({ test: { isolate: false, reporters: ["default"], testTimeout: 300_000 } }));
