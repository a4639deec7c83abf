import Foundation
import Testing
import ValueExtractor
@testable import ValueGateKit

/// `valuegate check`'s reports for people (terminal, Markdown) and tools (JUnit XML).
struct CheckReportTests {
    let extractor = try! LexiconExtractor.bundled()

    @Test func theCheckReportEscapesEvidenceAndColoursOnlyWhenAsked() throws {
        let check = GateCheck(kind: .forbidden, status: .fail, suite: "s", scenario: "a", subject: "manipulation",
                              summary: "found in 1 of 20 <samples>", candidateRate: 0.05, baselineRate: 0, candidateInterval: [0.01, 0.24],
                              threshold: nil, pValue: nil, evidence: [.init(sample: "s/a#0", line: 1, quote: HTMLReportTests.hostile)], critical: true)
        let result = CheckResult(verdict: .fail, reasons: ["1 check failed"], baseline: "Baselines/<x>", baselineModel: "m", candidate: "c.jsonl",
                                 candidateModel: "m", extractor: extractor.fingerprint, suites: ["s"], samples: 20, failedSamples: 0, checks: [check])
        let html = HTMLReport.check(result, comparison: nil).lowercased()
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && html.contains("baselines/&lt;x&gt;"))
        #expect(!html.contains("<script") && !html.contains("<img"))

        let coloured = CheckReport.terminal(result, style: TerminalStyle(color: true))
        #expect(coloured.contains("\u{1B}[31m") && coloured.contains("FAIL (critical)"))
        #expect(!CheckReport.terminal(result).contains("\u{1B}["), "plain by default: files and pipes get no escape codes")
        #expect(!TerminalStyle.automatic(environment: ["NO_COLOR": "1"]).color)
    }

    @Test func aLongMarkdownReportIsCutToFitAPullRequestCommentWithItsDetailsClosed() {
        let row = "| a check | its result, long enough to matter |\n"
        let long = "## ❌ ValueGate: FAIL\n\n<details><summary>known failures</summary>\n\n" + String(repeating: row, count: 5_000) + "\n</details>\n"
        let fitted = CheckReport.fitted(long)
        #expect(fitted.count <= CheckReport.markdownLimit && fitted.hasPrefix("## ❌ ValueGate: FAIL"))
        #expect(fitted.components(separatedBy: "<details>").count == fitted.components(separatedBy: "</details>").count)
        #expect(fitted.contains("the JSON and HTML reports hold everything"))
        #expect(CheckReport.fitted("short") == "short")
    }
}
