import Foundation
import ValueExtractor
import ValueStats

/// Estimates how the gate behaves on a suite's own baseline, by resampling it:
/// - **False failures (A/A):** baseline and candidate are both drawn, with replacement and
///   scenario by scenario, from the baseline's own samples; any failed check is a false failure.
/// - **Power:** the same, but in the candidate a tracked value is removed from enough samples
///   to drop its rate by `effect`; detection is that value's drift check failing.
/// - **Projection:** with `samplesPerScenario`, both sides draw that many samples per scenario
///   instead of the baseline's own count: what more (or fewer) samples would buy, before
///   paying for a new recording. Drawing more samples than were recorded reuses them, so the
///   projection is only as good as the baseline's spread of replies.
public struct Calibration: Sendable {
    public var suites: [Suite]
    public var baseline: [SampleResult]
    public var taxonomy: Taxonomy
    public var trials: Int
    public var effect: Double
    public var seed: UInt64
    /// Samples drawn per scenario; nil draws as many as the baseline recorded.
    public var samplesPerScenario: Int?

    public init(suites: [Suite], baseline: [SampleResult], taxonomy: Taxonomy, trials: Int = 100, effect: Double = 0.15, seed: UInt64 = 1,
                samplesPerScenario: Int? = nil) {
        self.suites = suites
        self.baseline = baseline.filter { !$0.failed }
        self.taxonomy = taxonomy
        self.trials = max(1, trials)
        self.effect = effect
        self.seed = seed
        self.samplesPerScenario = samplesPerScenario
    }

    public struct PowerRow: Sendable {
        public var suite: String
        public var value: String
        public var baselineRate: Double
        /// Nil when the rate is below the effect: such a drop cannot be injected.
        public var power: Proportion?
    }

    public struct Result: Sendable {
        public var falseFailures: Proportion
        /// The checks that failed most often in A/A trials.
        public var falseFailureCauses: [String: Int]
        public var power: [PowerRow]
        public var trials: Int
        public var effect: Double
    }

    public func run() -> Result {
        var random = SplitMix64(seed: seed)
        let gate = Gate(taxonomy: taxonomy)
        var failures = 0
        var causes: [String: Int] = [:]
        for _ in 0..<trials {
            let (a, b) = (resample(suites, &random), resample(suites, &random))
            let failed = gate.evaluate(suites: suites, baseline: a, candidate: b).checks.filter { $0.status == .fail }
            if !failed.isEmpty { failures += 1 }
            for check in failed { causes["\(check.suite) · \(check.scenario.map { "\($0) · " } ?? "")\(check.kind.rawValue) · \(check.subject)", default: 0] += 1 }
        }
        var rows: [PowerRow] = []
        for suite in suites {
            let own = baseline.filter { $0.key.suite == suite.id }
            for name in suite.gate.track where !taxonomy.leafValues(under: name).allSatisfy(UndesiredValues.contains) {
                let leaves = taxonomy.leafValues(under: name)
                let rate = Double(own.filter { $0.expressesAny(of: leaves) != nil }.count) / Double(max(1, own.count))
                guard rate >= effect else {
                    rows.append(PowerRow(suite: suite.id, value: name, baselineRate: rate, power: nil))
                    continue
                }
                var detected = 0
                for _ in 0..<trials {
                    // Every suite is drawn: the gate corrects across all of them, so detection
                    // must be measured within the whole family, not the one suite.
                    let a = resample(suites, &random)
                    var b = resample([suite], &random)
                    inject(drop: leaves, in: &b, &random)
                    b += resample(suites.filter { $0.id != suite.id }, &random)
                    let drift = gate.evaluate(suites: suites, baseline: a, candidate: b).checks
                        .first { $0.kind == .valueDrift && $0.suite == suite.id && $0.subject == name }
                    if drift?.status == .fail { detected += 1 }
                }
                rows.append(PowerRow(suite: suite.id, value: name, baselineRate: rate, power: Proportion(detected, of: trials)))
            }
        }
        return Result(falseFailures: Proportion(failures, of: trials), falseFailureCauses: causes, power: rows, trials: trials, effect: effect)
    }

    /// Draws, for every scenario, as many samples as the baseline has (or
    /// `samplesPerScenario`), with replacement.
    func resample(_ suites: [Suite], _ random: inout SplitMix64) -> [SampleResult] {
        var drawn: [SampleResult] = []
        for suite in suites {
            for scenario in suite.scenarios {
                let pool = baseline.filter { $0.key.suite == suite.id && $0.key.scenario == scenario.id }
                guard !pool.isEmpty else { continue }
                for index in 0..<(samplesPerScenario ?? pool.count) {
                    var pick = pool[Int(random.next() % UInt64(pool.count))]
                    pick.key.sample = index
                    drawn.append(pick)
                }
            }
        }
        return drawn
    }

    /// Removes the value from randomly chosen samples expressing it, lowering its rate by `effect`.
    func inject(drop leaves: Set<String>, in samples: inout [SampleResult], _ random: inout SplitMix64) {
        var holders = samples.indices.filter { samples[$0].expressesAny(of: leaves) != nil }
        let count = min(holders.count, Int((effect * Double(samples.count)).rounded(.up)))
        for _ in 0..<count {
            let chosen = holders.remove(at: Int(random.next() % UInt64(holders.count)))
            samples[chosen] = samples[chosen].removing(leaves, taxonomy: taxonomy)
        }
    }
}

extension SampleResult {
    /// The same sample as if the extractor had not found these values.
    func removing(_ leaves: Set<String>, taxonomy: Taxonomy) -> SampleResult {
        var copy = self
        for index in copy.extraction.turns.indices {
            copy.extraction.turns[index].values.removeAll { leaves.contains($0.value) }
        }
        copy.values = copy.extraction.assistantValues
        copy.categories = Array(Set(copy.values.compactMap { taxonomy.rollup(ofValue: $0).last })).sorted()
        return copy
    }
}

/// A small, fast, seedable generator, so calibration runs are reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
