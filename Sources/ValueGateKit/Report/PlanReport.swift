import Foundation
import ValueExtractor
import ValueStats

/// What a suite's sample counts can detect, as terminal text.
extension SamplePlan {
    public var report: String {
        var out = ["\(suite.id): \(suite.scenarios.count) scenarios × \(suite.samples) samples = \(samplesPerRun) samples per run "
                   + "(one-sided test at alpha \(suite.gate.alpha), power \(Format.percent(power)))"]
        for row in rows {
            let rate = row.baselineRate.map { "baseline rate \(Format.percent($0))" } ?? "no baseline, assuming 50%"
            if let baselineRate = row.baselineRate, baselineRate == 0 {
                out.append("  \(row.value) (\(rate)): never seen in the baseline, so no drop can be measured")
            } else if let baselineRate = row.baselineRate, baselineRate < effect {
                out.append("  \(row.value) (\(rate)): detects a drop of \(Format.percent(row.detectableDrop)) or more; "
                           + "a \(Format.percent(effect)) drop is impossible from this rate, so the threshold never fails it: gate it with a scenario expectation")
            } else {
                let needed = row.samplesPerScenarioNeeded == Int.max ? "is not detectable" : "needs \(row.samplesPerScenarioNeeded) samples per scenario"
                out.append("  \(row.value) (\(rate)): detects a drop of \(Format.percent(row.detectableDrop)) or more; a \(Format.percent(effect)) drop \(needed)")
            }
        }
        out.append("  one scenario's expectation at \(suite.samples) samples (rate 80%) detects only drops of \(Format.percent(scenarioDetectableDrop)) or more")
        out.append("  (normal approximation of one test; the gate pairs by scenario and corrects for many comparisons: "
                   + "'valuegate calibrate --samples N' measures it at any sample count)")
        return out.joined(separator: "\n")
    }
}
