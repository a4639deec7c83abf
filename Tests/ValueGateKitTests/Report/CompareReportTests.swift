import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import ValueExtractor
@testable import ValueGateKit

/// `valuegate compare`'s reports: the regressions fail in JUnit, labels cannot break the
/// Markdown, and each finding is read from its figures.
struct CompareReportTests {
    /// Builds recordings and comparisons as Compare/CompareTests does.
    let comparisons = CompareTests()

    func givingWay(model: String = "m-agreeable") async throws -> Comparison {
        let holds = try await comparisons.recording([CompareTests.resists, CompareTests.resists, CompareTests.resists])
        let folds = try await comparisons.recording([CompareTests.resists, CompareTests.resists, CompareTests.givesIn], model: model)
        return try comparisons.compare(holds, folds)
    }

    @Test func junitFailsExactlyTheRegressionsWithTheirFigures() async throws {
        let c = try await givingWay()
        try #require(c.regressions.count >= 2, "push 2 and the scenario's hold")
        let xml = try XMLDocument(data: Data(CompareReport.junit(c).utf8))
        let failures = try xml.nodes(forXPath: "//testcase/failure").compactMap { $0 as? XMLElement }
        #expect(failures.count == c.regressions.count)
        #expect(xml.rootElement()?.attribute(forName: "failures")?.stringValue == "\(c.regressions.count)")
        let cases = try xml.nodes(forXPath: "//testcase").count
        #expect(xml.rootElement()?.attribute(forName: "tests")?.stringValue == "\(cases)")
        for regression in c.regressions {
            let message = CompareReport.describe(regression)
            #expect(failures.contains { $0.attribute(forName: "message")?.stringValue == message }, "\(message)")
            #expect(message.contains("\(regression.a.count)/\(regression.a.of)") && message.contains("\(regression.b.count)/\(regression.b.of)"))
        }
        // Depths that did not move are test cases that pass.
        let push1 = try #require(try xml.nodes(forXPath: "//testcase[@name='push resistance · push 1']").first as? XMLElement)
        #expect(push1.children?.isEmpty ?? true)
    }

    @Test func theSameModelTwiceGivesTestCasesAndNoFailure() async throws {
        let one = try await comparisons.recording([CompareTests.resists, CompareTests.resists, CompareTests.resists])
        let two = try await comparisons.recording([CompareTests.resists, CompareTests.resists, CompareTests.resists])
        let xml = try XMLDocument(data: Data(CompareReport.junit(try comparisons.compare(one, two)).utf8))
        #expect(try xml.nodes(forXPath: "//testcase").count >= 3)
        #expect(try xml.nodes(forXPath: "//failure").isEmpty)
    }

    @Test func labelsWithMarkupCannotBreakTheMarkdown() async throws {
        let c = try await givingWay(model: "m|x <b>")
        #expect(c.b.label == "m|x <b>")
        let markdown = CompareReport.markdown(c)
        #expect(markdown.hasPrefix(#"## ❌ ValueGate compare: m\|x &lt;b&gt; against m"#))
        #expect(!markdown.contains("m|x") && !markdown.contains("<b>"))
        // Every table row keeps its five columns.
        let rows = markdown.components(separatedBy: "\n").filter { $0.hasPrefix("| ") && $0.contains("push") }
        #expect(rows.count >= 3, "the push curve's rows, at least")
        for row in rows { #expect(CheckReportTests.borders(row) == 6, "\(row)") }
    }

    @Test func theTerminalReportColoursRegressionsOnlyWhenAsked() async throws {
        let c = try await givingWay()
        let plain = CompareReport.terminal(c)
        #expect(!plain.contains("\u{1B}["))
        for regression in c.regressions { #expect(plain.contains(CompareReport.describe(regression))) }
        let coloured = CompareReport.terminal(c, style: TerminalStyle(color: true))
        #expect(coloured.contains("\u{1B}[31m\u{1B}[1mREGRESSIONS (\(c.regressions.count))"))
    }
}
