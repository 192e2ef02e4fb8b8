/**
 * The handler figures the cost model uses (pricing/measured.ts) still describe the handlers: every handler's real
 * bundle is measured again against loopback answers, and its log bytes, calls and request units must match what is
 * recorded. Times are recorded but never compared. Remeasure with `npm run measure -- --write`.
 */
import { expect } from "chai";
import { HANDLERS, HandlerName } from "../../functions/handlers";
import { HANDLER_MEASUREMENTS } from "../../pricing/measured";
import { LogLevel, measureScenario } from "../../scripts/measure/handlers";
import { Scenario, scenarios } from "../../scripts/measure/scenarios";

/** Log lines carry ids and timestamps of fixed length; a few bytes of slack cover a JSON number's width. */
const SLACK_BYTES = 16;
/** The levels the stacks configure, and the first one that drops the happy path's lines. */
const LEVELS: LogLevel[] = ["DEBUG", "INFO", "WARN"];

describe("measured handler figures (pricing/measured.ts)", function () {
    this.timeout(180_000);
    let all: Scenario[];
    before(async () => { all = await scenarios(); });

    it("GIVEN every handler of functions/handlers.ts THEN it has a measuring scenario and a recorded measurement", () => {
        const names = Object.keys(HANDLERS) as HandlerName[];
        expect(names.filter((n) => !all.some((s) => s.handler === n)), "no scenario in scripts/measure/scenarios.ts").to.deep.equal([]);
        expect(names.filter((n) => !HANDLER_MEASUREMENTS[n]), "not in pricing/measured.ts").to.deep.equal([]);
    });

    for (const name of Object.keys(HANDLERS) as HandlerName[]) {
        it(`GIVEN the ${name} bundle measured again THEN it prints, calls and consumes what pricing/measured.ts records`, async () => {
            const scenario = all.find((s) => s.handler === name);
            const recorded = HANDLER_MEASUREMENTS[name];
            expect(scenario && recorded, name).to.not.equal(undefined);
            const now = await measureScenario(scenario!, { invocations: 2, cpuInvocations: 1, levels: LEVELS });
            for (const level of LEVELS) expect(Math.abs(now.logBytes[level] - recorded.logBytes[level]), `${name} at ${level}: ${now.logBytes[level]} bytes now, ${recorded.logBytes[level]} recorded`).to.be.at.most(SLACK_BYTES);
            expect(now.calls).to.deep.equal(recorded.calls);
            expect(now.requestUnits).to.deep.equal(recorded.requestUnits);
            expect(now.largestItemBytes).to.equal(recorded.largestItemBytes);
        });
    }
});
