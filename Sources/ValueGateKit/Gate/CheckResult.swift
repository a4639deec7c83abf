import Foundation
import ValueExtractor
import ValueStats

/// The outcome of one check of the gate.
public struct GateCheck: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable {
        case expectedValues = "expected_values"
        case never
        case responseTypes = "response_types"
        case hold
        case forbidden
        case valueDrift = "value_drift"
        case responseShift = "response_shift"
        case undesiredValues = "undesired_values"
        case pushResistance = "push_resistance"
        case capitulation
        case sycophancy
        case categoryShare = "category_share"
        case responseDistribution = "response_distribution"
        case categoryDivergence = "category_divergence"
    }

    public enum Status: String, Codable, Sendable {
        case pass
        case fail
        /// Failing in the baseline too: reported, but not a regression (unless --strict).
        case knownFailure = "known_failure"
        /// Missed, but not significantly worse than the baseline at these sample counts.
        case withinNoise = "within_noise"
        /// Shown as context only (category shares: the taxonomy is topical, not moral).
        case info
    }

    /// A sample that shows why a check failed, with where to read it.
    public struct Evidence: Codable, Sendable, Hashable {
        public var sample: String
        public var line: Int
        public var quote: String
    }

    /// Which way a change counts as worse.
    public enum Direction: String, Codable, Sendable, Hashable {
        case lower, higher
        case eitherWay = "either_way"
    }

    /// Why the check has its status: what tools read instead of the wording.
    public enum Reason: String, Codable, Sendable, Hashable {
        /// A change against the baseline: within its limit; beyond it and significant (fails);
        /// beyond it but not significant at these sample counts (passes).
        case withinLimit = "within_limit"
        case beyondLimit = "beyond_limit"
        case beyondLimitWithinNoise = "beyond_limit_within_noise"
        /// A scenario's rate expectation: met; missed (fails); missed but not significantly
        /// worse than the baseline; missed by the baseline too (a known failure).
        case expectationMet = "expectation_met"
        case expectationMissed = "expectation_missed"
        case missedWithinNoise = "missed_within_noise"
        case missedByBaselineToo = "missed_by_baseline_too"
        /// A value that must not appear: not expressed; expressed within a tolerated rate;
        /// expressed (fails); above the tolerated rate and the baseline's, significantly
        /// (fails) or not; shown by the baseline too, with a significant rise (fails) or not.
        case notExpressed = "not_expressed"
        case withinTolerance = "within_tolerance"
        case expressed
        case aboveTolerance = "above_tolerance"
        case aboveToleranceWithinNoise = "above_tolerance_within_noise"
        case riseOverBaseline = "rise_over_baseline"
        case alsoInBaseline = "also_in_baseline"
        /// Shown for reading, not gated.
        case context
    }

    /// A paired comparison's scenarios, and in how many the candidate's rate was lower or higher.
    public struct Pairing: Codable, Sendable, Hashable {
        public var scenarios: Int
        public var lower: Int
        public var higher: Int
    }

    /// The rate an expectation reached at one push depth.
    public struct PushRate: Codable, Sendable, Hashable {
        public var push: Int
        public var rate: Double
    }

    /// What was measured, for the report to word and for tools to read.
    public struct Figures: Codable, Sendable, Hashable {
        public var baseline: Proportion?
        public var candidate: Proportion?
        /// What was counted: "samples" or "replies".
        public var unit: String?
        /// A value's tolerated rate; nil when it must never appear.
        public var tolerated: Double?
        public var pairing: Pairing?
        /// Holding under pushes, per depth; the weakest decides.
        public var byPush: [PushRate]?
        /// Capitulation: samples that held through every push, on each side.
        public var heldThroughoutBaseline: Proportion?
        public var heldThroughoutCandidate: Proportion?
        /// The response-type G-test.
        public var statistic: Double?
        public var degreesOfFreedom: Int?
        /// Jensen-Shannon divergence of category shares.
        public var divergence: Double?
        /// One scenario under pressure on both sides.
        public var pressure: ScenarioPressure?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case baseline, candidate, unit, tolerated, pairing, statistic, divergence, pressure
            case byPush = "by_push"
            case heldThroughoutBaseline = "held_throughout_baseline"
            case heldThroughoutCandidate = "held_throughout_candidate"
            case degreesOfFreedom = "degrees_of_freedom"
        }
    }

    public var kind: Kind
    public var status: Status
    public var reason: Reason
    public var suite: String
    public var scenario: String?
    /// What was checked, in a few words ("any of healthy boundaries, privacy").
    public var subject: String
    /// The push depth a per-depth check reads.
    public var pushDepth: Int?
    /// Which way is worse, for checks against the baseline.
    public var direction: Direction?
    public var figures = Figures()
    public var candidateRate: Double?
    public var baselineRate: Double?
    public var candidateInterval: [Double]?
    public var threshold: Double?
    public var pValue: Double?
    /// The p-value after Benjamini-Hochberg correction across every comparison of the check;
    /// decisions use this one.
    public var adjustedPValue: Double?
    public var evidence: [Evidence]
    /// A critical group or value: gated on the tighter `critical_max_change`, and no
    /// improvement elsewhere offsets it.
    public var critical = false
    /// Set while the check waits for the family-wide correction: what it becomes if the
    /// change turns out not to be significant.
    var pending: Pending? = nil

    struct Pending: Sendable, Hashable {
        var ifNotSignificant: Status
        var reasonIfNotSignificant: Reason
    }

    public var name: String { [suite, scenario, kind.rawValue, subject].compactMap { $0 }.joined(separator: " · ") }

    enum CodingKeys: String, CodingKey {
        case kind, status, reason, suite, scenario, subject, direction, figures, threshold, evidence, critical, summary
        case pushDepth = "push_depth"
        case candidateRate = "candidate_rate"
        case baselineRate = "baseline_rate"
        case candidateInterval = "candidate_interval"
        case pValue = "p_value"
        case adjustedPValue = "adjusted_p_value"
    }

    /// Set to a `(GateCheck) -> String` under this key, an encoder also writes each check's
    /// `summary` sentence (the report's wording), for people reading the JSON.
    public static let summaryKey = CodingUserInfoKey(rawValue: "valuegate.check-summary")!

    public init(kind: Kind, status: Status, reason: Reason, suite: String, scenario: String?, subject: String, pushDepth: Int? = nil,
                direction: Direction? = nil, figures: Figures = Figures(), candidateRate: Double?, baselineRate: Double?,
                candidateInterval: [Double]?, threshold: Double?, pValue: Double?, evidence: [Evidence], critical: Bool = false) {
        self.kind = kind
        self.status = status
        self.reason = reason
        self.suite = suite
        self.scenario = scenario
        self.subject = subject
        self.pushDepth = pushDepth
        self.direction = direction
        self.figures = figures
        self.candidateRate = candidateRate
        self.baselineRate = baselineRate
        self.candidateInterval = candidateInterval
        self.threshold = threshold
        self.pValue = pValue
        self.evidence = evidence
        self.critical = critical
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(Kind.self, forKey: .kind)
        status = try c.decode(Status.self, forKey: .status)
        reason = try c.decode(Reason.self, forKey: .reason)
        suite = try c.decode(String.self, forKey: .suite)
        scenario = try c.decodeIfPresent(String.self, forKey: .scenario)
        subject = try c.decode(String.self, forKey: .subject)
        pushDepth = try c.decodeIfPresent(Int.self, forKey: .pushDepth)
        direction = try c.decodeIfPresent(Direction.self, forKey: .direction)
        figures = try c.decodeIfPresent(Figures.self, forKey: .figures) ?? Figures()
        candidateRate = try c.decodeIfPresent(Double.self, forKey: .candidateRate)
        baselineRate = try c.decodeIfPresent(Double.self, forKey: .baselineRate)
        candidateInterval = try c.decodeIfPresent([Double].self, forKey: .candidateInterval)
        threshold = try c.decodeIfPresent(Double.self, forKey: .threshold)
        pValue = try c.decodeIfPresent(Double.self, forKey: .pValue)
        adjustedPValue = try c.decodeIfPresent(Double.self, forKey: .adjustedPValue)
        evidence = try c.decode([Evidence].self, forKey: .evidence)
        critical = try c.decodeIfPresent(Bool.self, forKey: .critical) ?? false
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(status, forKey: .status)
        try c.encode(reason, forKey: .reason)
        try c.encode(suite, forKey: .suite)
        try c.encodeIfPresent(scenario, forKey: .scenario)
        try c.encode(subject, forKey: .subject)
        try c.encodeIfPresent(pushDepth, forKey: .pushDepth)
        try c.encodeIfPresent(direction, forKey: .direction)
        try c.encode(figures, forKey: .figures)
        try c.encodeIfPresent(candidateRate, forKey: .candidateRate)
        try c.encodeIfPresent(baselineRate, forKey: .baselineRate)
        try c.encodeIfPresent(candidateInterval, forKey: .candidateInterval)
        try c.encodeIfPresent(threshold, forKey: .threshold)
        try c.encodeIfPresent(pValue, forKey: .pValue)
        try c.encodeIfPresent(adjustedPValue, forKey: .adjustedPValue)
        try c.encode(evidence, forKey: .evidence)
        try c.encode(critical, forKey: .critical)
        if let summary = encoder.userInfo[Self.summaryKey] as? @Sendable (GateCheck) -> String {
            try c.encode(summary(self), forKey: .summary)
        }
    }
}

/// The whole verdict of `valuegate check`.
public struct CheckResult: Codable, Sendable {
    public enum Verdict: String, Codable, Sendable {
        case pass, fail, inconclusive

        public var exitStatus: ExitStatus {
            switch self {
            case .pass: return .pass
            case .fail: return .gateFailed
            case .inconclusive: return .inconclusive
            }
        }
    }

    public var verdict: Verdict
    public var reasons: [String]
    public var baseline: String
    public var baselineModel: String
    public var candidate: String
    public var candidateModel: String
    public var extractor: ExtractorFingerprint
    public var suites: [String]
    public var samples: Int
    public var failedSamples: Int
    public var checks: [GateCheck]

    public var failures: [GateCheck] { checks.filter { $0.status == .fail } }
    public var knownFailures: [GateCheck] { checks.filter { $0.status == .knownFailure } }
    public var withinNoise: [GateCheck] { checks.filter { $0.status == .withinNoise } }

    enum CodingKeys: String, CodingKey {
        case verdict, reasons, baseline, candidate, extractor, suites, samples, checks
        case baselineModel = "baseline_model"
        case candidateModel = "candidate_model"
        case failedSamples = "failed_samples"
    }
}
