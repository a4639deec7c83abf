import Foundation
import ValueExtractor
import ValueStats

/// What a suite's sample counts can detect: the minimum detectable drop of each tracked
/// value at the suite's size, and the samples per scenario a chosen drop would need.
public struct SamplePlan: Sendable {
    public struct Row: Sendable {
        public var value: String
        /// The baseline's rate, or nil when there is no baseline (0.5, the worst case, is used).
        public var baselineRate: Double?
        public var detectableDrop: Double
        public var samplesPerScenarioNeeded: Int
    }

    public var suite: Suite
    public var samplesPerRun: Int
    public var rows: [Row]
    /// The smallest drop a single scenario's rate expectation can show at its sample count.
    public var scenarioDetectableDrop: Double
    public var effect: Double
    public var power: Double

    /// - Parameter baseline: the baseline's samples of this suite, for real rates.
    public init(suite: Suite, baseline: [SampleResult], taxonomy: Taxonomy, effect: Double, power: Double) {
        self.suite = suite
        self.effect = effect
        self.power = power
        let scenarios = max(1, suite.scenarios.count)
        let perRun = scenarios * suite.samples
        samplesPerRun = perRun
        let alpha = suite.gate.alpha
        let known = baseline.filter { $0.key.suite == suite.id && !$0.failed }
        rows = suite.gate.track.map { name in
            let leaves = taxonomy.leafValues(under: name)
            let rate = known.isEmpty ? nil : Double(known.filter { $0.expressesAny(of: leaves) != nil }.count) / Double(known.count)
            let planningRate = max(rate ?? 0.5, effect)   // a drop cannot exceed the rate itself
            let needed = PowerAnalysis.samplesNeeded(rate: planningRate, effect: effect, alpha: alpha, power: power)
            return Row(value: name, baselineRate: rate,
                       detectableDrop: PowerAnalysis.minimumDetectableEffect(rate: rate ?? 0.5, samples: perRun, alpha: alpha, power: power),
                       samplesPerScenarioNeeded: needed == Int.max ? needed : (needed + scenarios - 1) / scenarios)
        }
        scenarioDetectableDrop = PowerAnalysis.minimumDetectableEffect(rate: 0.8, samples: suite.samples, alpha: alpha, power: power)
    }

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
