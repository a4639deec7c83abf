import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import ValueExtractor
import ValueStats
@testable import ValueGateKit

/// `valuegate check`'s reports for people (terminal, Markdown) and tools (JUnit XML).
struct CheckReportTests {
    let extractor = try! LexiconExtractor.bundled()

    /// A check as the gate makes one: 5 of 20 samples against a threshold of 80%, its reason
    /// following from its status; the reports word it with `CheckWording`.
    static func check(_ kind: GateCheck.Kind, _ status: GateCheck.Status, suite: String = "s", scenario: String? = "a",
                      subject: String = "values any of honesty", evidence: [GateCheck.Evidence] = [], critical: Bool = false) -> GateCheck {
        let reason: GateCheck.Reason = switch status {
        case .pass: .expectationMet
        case .fail: .expectationMissed
        case .knownFailure: .missedByBaselineToo
        case .withinNoise: .missedWithinNoise
        case .info: .context
        }
        var figures = GateCheck.Figures()
        figures.candidate = Proportion(5, of: 20)
        figures.baseline = Proportion(18, of: 20)
        return GateCheck(kind: kind, status: status, reason: reason, suite: suite, scenario: scenario, subject: subject, direction: .lower,
                         figures: figures, candidateRate: 0.25, baselineRate: 0.9, candidateInterval: [0.1, 0.5], threshold: 0.8, pValue: nil,
                         evidence: evidence, critical: critical)
    }

    func result(_ checks: [GateCheck], verdict: CheckResult.Verdict = .fail, reasons: [String] = [], suites: [String] = ["s"]) -> CheckResult {
        CheckResult(verdict: verdict, reasons: reasons, baseline: "Baselines/b", baselineModel: "m", candidate: "c.jsonl", candidateModel: "m2",
                    extractor: extractor.fingerprint, suites: suites, samples: 20, failedSamples: 0, checks: checks)
    }

    static let weather = GateCheck.Evidence(sample: "s/a#3", line: 4, quote: "The weather in March is usually mild, with some rain.")

    @Test func aFailedCheckShowsItsReasonAndItsQuoteInEveryFormat() throws {
        let failed = Self.check(.expectedValues, .fail, evidence: [Self.weather])
        let passed = Self.check(.hold, .pass, subject: "holds at push 1")
        let result = result([passed, failed])

        let terminal = CheckReport.terminal(result).components(separatedBy: "\n")
        let row = try #require(terminal.firstIndex { $0.contains(failed.name) }, "\(terminal)")
        #expect(terminal[row].contains("FAIL") && terminal[row].contains(CheckWording.summary(failed)))
        let quote = terminal[row + 1]
        #expect(quote.contains(Self.weather.sample) && quote.contains("\(Self.weather.line)") && quote.contains(Self.weather.quote))

        let markdown = CheckReport.markdown(result)
        #expect(markdown.contains("| \(CheckReport.cell(failed.name)) | \(CheckReport.cell(CheckWording.summary(failed))) |"))
        #expect(markdown.contains("`\(Self.weather.sample)` line \(Self.weather.line): \(CheckReport.quote(Self.weather.quote))"))

        let junit = try XMLDocument(data: Data(CheckReport.junit(result).utf8))
        let failure = try #require(try junit.nodes(forXPath: "//testcase[@name='expected_values: values any of honesty']/failure").first as? XMLElement)
        #expect(failure.attribute(forName: "message")?.stringValue == CheckWording.summary(failed))
        #expect(failure.stringValue?.contains(Self.weather.quote) == true)
        #expect(try junit.nodes(forXPath: "//testcase[@name='hold: holds at push 1']/failure").isEmpty)

        let html = HTMLReport.check(result, comparison: nil)
        #expect(html.contains(HTML.escape(CheckWording.summary(failed))) && html.contains(HTML.escape(Self.weather.quote)))
    }

    @Test func criticalFailuresAreListedBeforeTheOthers() throws {
        let drift = Self.check(.valueDrift, .fail, scenario: nil, subject: "honesty")
        let forbidden = Self.check(.forbidden, .fail, subject: "manipulation", critical: true)
        let result = result([drift, forbidden])
        let terminal = CheckReport.terminal(result)
        let critical = try #require(terminal.range(of: forbidden.name)), other = try #require(terminal.range(of: drift.name))
        #expect(critical.lowerBound < other.lowerBound)
        #expect(terminal.components(separatedBy: "\n").contains { $0.contains("FAIL (critical)") && $0.contains(forbidden.name) })
        let markdown = CheckReport.markdown(result)
        let criticalRow = try #require(markdown.range(of: "| **critical** \(CheckReport.cell(forbidden.name)) |"))
        #expect(criticalRow.lowerBound < (try #require(markdown.range(of: "| \(CheckReport.cell(drift.name)) |"))).lowerBound)
    }

    /// The pipes of a Markdown table row that separate cells: those not escaped.
    static func borders(_ row: String) -> Int {
        var count = 0, previous: Character = " "
        for character in row {
            if character == "|" && previous != "\\" { count += 1 }
            previous = character
        }
        return count
    }

    @Test func markdownEscapesPipesAndMarkupSoTablesKeepTheirColumns() throws {
        let hostile = Self.check(.expectedValues, .fail, subject: "a | b `code` *bold* [link](x) <br>")
        let markdown = CheckReport.markdown(result([hostile]))
        // The subject is the text a suite author wrote; the summary is worded from figures.
        let row = try #require(markdown.components(separatedBy: "\n").first { $0.hasPrefix("| ") && $0.contains("bold") })
        // Three unescaped pipes: the row's own borders, whatever the text holds.
        #expect(Self.borders(row) == 3, "\(row)")
        #expect(row.contains(#"a \| b \`code\` \*bold\* \[link\](x) &lt;br&gt;"#))
        #expect(row.contains(CheckReport.cell(CheckWording.summary(hostile))))
        #expect(!markdown.contains("<br>"))
    }

    @Test func junitCountsFailuresAndKnownFailuresPerSuiteAndLeavesOutContext() throws {
        let odd = GateCheck.Evidence(sample: "s/a#0", line: 1, quote: "bell \u{07}, ]]> & <tag> \"quoted\"")
        let checks = [Self.check(.expectedValues, .fail, evidence: [odd]), Self.check(.forbidden, .fail, subject: "manipulation", critical: true),
                      Self.check(.hold, .knownFailure), Self.check(.responseTypes, .pass), Self.check(.categoryShare, .info, scenario: nil),
                      Self.check(.expectedValues, .fail, suite: "t"), Self.check(.hold, .pass, suite: "t")]
        let xml = try XMLDocument(data: Data(CheckReport.junit(result(checks, suites: ["s", "t"])).utf8))
        let root = try #require(xml.rootElement())
        #expect(root.attribute(forName: "tests")?.stringValue == "6", "the context-only check is no test case")
        #expect(root.attribute(forName: "failures")?.stringValue == "3")
        #expect(root.attribute(forName: "skipped")?.stringValue == "1")
        let suites = try xml.nodes(forXPath: "/testsuites/testsuite").compactMap { $0 as? XMLElement }
        #expect(suites.map { $0.attribute(forName: "name")?.stringValue } == ["s", "t"])
        #expect(suites.map { $0.attribute(forName: "tests")?.stringValue } == ["4", "2"])
        #expect(suites.map { $0.attribute(forName: "failures")?.stringValue } == ["2", "1"])
        #expect(suites.map { $0.attribute(forName: "skipped")?.stringValue } == ["1", "0"])
        #expect(try xml.nodes(forXPath: "//testcase").count == 6)
        #expect(try xml.nodes(forXPath: "//failure").count == 3 && (try xml.nodes(forXPath: "//skipped")).count == 1)
        // XML 1.0 cannot carry a bell even escaped; everything else reads back as written.
        let detail = try #require(try xml.nodes(forXPath: "//testcase[@classname='s.a']/failure").first?.stringValue)
        #expect(detail.contains("bell ?, ]]> & <tag> \"quoted\""))
    }

    @Test(arguments: [(CheckResult.Verdict.pass, "✅"), (.fail, "❌"), (.inconclusive, "⚠️")])
    func theVerdictAndItsReasonsHeadTheMarkdownAndEndTheTerminalReport(verdict: CheckResult.Verdict, icon: String) {
        let reasons = ["12 of 40 samples failed", "endpoint down"]
        let result = result([Self.check(.responseTypes, .pass)], verdict: verdict, reasons: reasons)
        let markdown = CheckReport.markdown(result)
        #expect(markdown.hasPrefix("## \(icon) ValueGate: \(verdict.rawValue.uppercased())\n"))
        #expect(markdown.contains("- 12 of 40 samples failed\n- endpoint down\n"))
        let last = CheckReport.terminal(result).split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix(verdict.rawValue.uppercased() + ": 1 passed, 0 failed"))
        #expect(last.hasSuffix(reasons.joined(separator: "; ")))
    }

    @Test func knownForbiddenValuesAreAlwaysSpelledOutAndOtherKnownFailuresOnlyWhenVerbose() throws {
        let forbidden = Self.check(.forbidden, .knownFailure, subject: "manipulation", evidence: [Self.weather])
        let expected = Self.check(.expectedValues, .knownFailure, scenario: "b")
        let result = result([forbidden, expected], verdict: .pass)
        let plain = CheckReport.terminal(result)
        #expect(plain.contains(forbidden.name) && plain.contains(Self.weather.quote))
        #expect(!plain.contains(expected.name))
        #expect(plain.contains("s · expected_values: 1 scenario"))
        let verbose = CheckReport.terminal(result, verbose: true)
        #expect(verbose.contains(expected.name) && verbose.contains(CheckWording.summary(expected)))
    }

    @Test func theCheckReportEscapesEvidenceAndColoursOnlyWhenAsked() throws {
        let check = GateCheck(kind: .forbidden, status: .fail, reason: .expressed, suite: "s", scenario: "a", subject: "<manipulation>",
                              candidateRate: 0.05, baselineRate: 0, candidateInterval: [0.01, 0.24],
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
