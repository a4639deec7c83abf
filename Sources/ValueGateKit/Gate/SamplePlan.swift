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

}
