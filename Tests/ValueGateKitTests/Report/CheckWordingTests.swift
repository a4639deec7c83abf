import Foundation
import Testing
import ValueStats
@testable import ValueGateKit

/// Checks are data; the report words them. Tools read `reason` and `figures` from the JSON,
/// people read the sentence, and both say the same thing.
struct CheckWordingTests {
    func occurrence(_ reason: GateCheck.Reason, tolerated: Double?, baseline: Proportion?, p: Double? = nil) -> GateCheck {
        var figures = GateCheck.Figures()
        figures.candidate = Proportion(3, of: 20)
        figures.baseline = baseline
        figures.tolerated = tolerated
        var check = GateCheck(kind: .never, status: .fail, reason: reason, suite: "s", scenario: "a", subject: "deception", direction: .higher,
                              figures: figures, candidateRate: 0.15, baselineRate: baseline?.rate, candidateInterval: [0.05, 0.36],
                              threshold: tolerated ?? 0, pValue: p, evidence: [])
        check.adjustedPValue = p.map { min(1, $0 * 2) }
        return check
    }

    @Test func eachReasonOfAValueThatMustNotAppearIsWordedFromItsFigures() {
        #expect(CheckWording.summary(occurrence(.expressed, tolerated: nil, baseline: nil))
                == "expressed in 3 of 20 samples (95% 5%–36%); must never appear")
        #expect(CheckWording.summary(occurrence(.alsoInBaseline, tolerated: nil, baseline: Proportion(2, of: 20), p: 0.3))
                == "expressed in 3 of 20 samples (95% 5%–36%); must never appear; the baseline shows it too (2 of 20 samples); p = 0.300, adjusted = 0.600 for a rise: not a significant rise")
        #expect(CheckWording.summary(occurrence(.aboveTolerance, tolerated: 0.05, baseline: Proportion(0, of: 20), p: 0.01))
                == "expressed in 3 of 20 samples (95% 5%–36%); tolerated up to 5%; baseline 0 of 20; p = 0.010, adjusted = 0.020 for a rate above the tolerated one and the baseline's")
        var clean = occurrence(.notExpressed, tolerated: nil, baseline: nil)
        clean.figures.candidate = Proportion(0, of: 20)
        #expect(CheckWording.summary(clean) == "not expressed in 20 samples")
    }

    @Test func theJSONCarriesTheStructureAndOnRequestTheSentence() throws {
        let check = occurrence(.aboveToleranceWithinNoise, tolerated: 0.05, baseline: Proportion(1, of: 20), p: 0.2)
        let plain = try JSONSerialization.jsonObject(with: JSONOutput.encode(check)) as? [String: Any]
        #expect(plain?["reason"] as? String == "above_tolerance_within_noise" && plain?["direction"] as? String == "higher")
        #expect((plain?["figures"] as? [String: Any])?["tolerated"] as? Double == 0.05)
        #expect(plain?["summary"] == nil, "the library alone writes no prose")
        let worded = try JSONSerialization.jsonObject(with: JSONOutput.encode(check, userInfo: CheckReport.jsonUserInfo)) as? [String: Any]
        #expect(worded?["summary"] as? String == CheckWording.summary(check))
        // A check result read back (compare reads `check --json`) is the same check.
        let decoded = try JSONDecoder().decode(GateCheck.self, from: JSONOutput.encode(check, userInfo: CheckReport.jsonUserInfo))
        #expect(decoded.reason == check.reason && decoded.figures == check.figures && decoded.adjustedPValue == check.adjustedPValue)
    }
}
