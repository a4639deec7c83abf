import Foundation
import ValueExtractor

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

    public var kind: Kind
    public var status: Status
    public var suite: String
    public var scenario: String?
    /// What was checked, in a few words ("values any of healthy boundaries, privacy").
    public var subject: String
    /// The measured result and the threshold, in one sentence.
    public var summary: String
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
        var significantNote: String
        var notSignificantNote: String
    }

    public var name: String { [suite, scenario, kind.rawValue, subject].compactMap { $0 }.joined(separator: " · ") }

    enum CodingKeys: String, CodingKey {
        case kind, status, suite, scenario, subject, summary, threshold, evidence, critical
        case candidateRate = "candidate_rate"
        case baselineRate = "baseline_rate"
        case candidateInterval = "candidate_interval"
        case pValue = "p_value"
        case adjustedPValue = "adjusted_p_value"
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
