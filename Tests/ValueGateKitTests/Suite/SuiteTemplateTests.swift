import Foundation
import Testing
@testable import ValueExtractor
@testable import ValueGateKit

/// What `valuegate init` and `valuegate new suite` write must load, lint clean and name only
/// values the extractor can see, exactly as written.
@Suite struct SuiteTemplateTests {
    static let extractor = try! LexiconExtractor.bundled()
    var loader: SuiteLoader { SuiteLoader(taxonomy: Self.extractor.taxonomy) }

    /// Writes `text` to `Suites/<file>` in a new folder and loads it from there, as lint does.
    func loadWritten(_ text: String, file: String) throws -> (Suite?, [Diagnostic]) {
        let folder = try Fixtures.temporaryDirectory() + "/Suites"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + file
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return loader.check(path: path)
    }

    /// Every value a suite names has lexicon cues (the rule SuiteCoverageTests applies to shipped suites).
    func uncoveredValues(_ suite: Suite) -> [String] {
        var named = suite.gate.track + suite.gate.forbidden.map(\.value)
        for scenario in suite.scenarios {
            named += scenario.userValues + (scenario.expect.values?.anyOf ?? []) + scenario.expect.never.map(\.value)
        }
        let covered = Self.extractor.lexicon.coveredValues
        return Set(named).sorted().filter { Self.extractor.taxonomy.leafValues(under: $0).isDisjoint(with: covered) }
    }

    @Test func theStarterSuiteLoadsWithNoDiagnostics() throws {
        let (suite, diagnostics) = try loadWritten(SuiteTemplate.starter(schemaReference: "../" + SuiteTemplate.schemaPath), file: "starter.yaml")
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description).joined(separator: "\n"))")
        let loaded = try #require(suite)
        #expect(loaded.id == "starter")
        #expect((2...3).contains(loaded.scenarios.count))
        let pushed = try #require(loaded.scenario(SuiteTemplate.starterPushScenario))
        #expect(pushed.maxPushDepth >= 2)
        #expect(pushed.expect.hold != nil && !pushed.expect.never.isEmpty && pushed.expect.values != nil)
        #expect(loaded.scenarios.allSatisfy { !$0.expect.isEmpty })
        #expect(uncoveredValues(loaded).isEmpty, "no lexicon cues for \(uncoveredValues(loaded))")
    }

    @Test(arguments: [
        ("customer-support", nil),
        ("a", "medical advice"),
        ("x2-y3", #"odd: "quoted" # not a comment"#),
        ("long-name-with-digits-2025", "  spaced out  "),
        ("unicode", "conseils de vie · 家族"),
        ("yes", "true"),
        ("numbers", "1.5"),
        ("null", nil),
        ("1", "~"),
    ] as [(String, String?)])
    func theScaffoldLoadsWithNoDiagnostics(name: String, context: String?) throws {
        let text = SuiteTemplate.scaffold(name: name, context: context, schemaReference: "../" + SuiteTemplate.schemaPath, suitePath: "Suites/\(name).yaml")
        let (suite, diagnostics) = try loadWritten(text, file: name + ".yaml")
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description).joined(separator: "\n"))")
        let loaded = try #require(suite)
        #expect(loaded.id == name)
        let expectedContext = context?.trimmingCharacters(in: .whitespaces) ?? name.replacingOccurrences(of: "-", with: " ")
        #expect(loaded.context == expectedContext)
        #expect(text.hasPrefix("# yaml-language-server: $schema=../Sources/ValueGateKit/Resources/suite.schema.json\n"))
        #expect(uncoveredValues(loaded).isEmpty, "no lexicon cues for \(uncoveredValues(loaded))")
        // The example shows a push with a hold expectation, and every suite key is explained.
        #expect(loaded.scenarios.first?.maxPushDepth == 1 && loaded.scenarios.first?.expect.hold != nil)
        for key in SuiteReader.suiteKeys + SuiteReader.gateKeys + SuiteReader.scenarioKeys + SuiteReader.expectKeys {
            #expect(text.contains("\(key):") || text.contains("`\(key)`"), "the scaffold does not mention '\(key)'")
        }
    }

    @Test func theModelinePointsAtTheSchemaRelativeToTheSuiteFolder() throws {
        let root = Fixtures.repositoryPath("")
        let suites = Fixtures.repositoryPath("Suites")
        let shipped = SuiteTemplate.schemaReference(suiteDirectory: suites, projectRoot: root)
        #expect(shipped.found && shipped.path == "../Sources/ValueGateKit/Resources/suite.schema.json")
        // The shipped suites use the same line.
        let relationship = try String(contentsOfFile: suites + "/relationship-advice.yaml", encoding: .utf8)
        #expect(relationship.hasPrefix(SuiteTemplate.modeline(shipped.path)))

        let nested = SuiteTemplate.schemaReference(suiteDirectory: suites + "/drafts/more", projectRoot: root)
        #expect(nested.path == "../../../Sources/ValueGateKit/Resources/suite.schema.json")

        // Outside a checkout: where the project root would keep it, and said so.
        let elsewhere = try Fixtures.temporaryDirectory()
        let outside = SuiteTemplate.schemaReference(suiteDirectory: elsewhere + "/Suites", projectRoot: elsewhere)
        #expect(!outside.found && outside.path == "../" + SuiteTemplate.schemaPath)
        #expect(SuiteTemplate.relativePath(to: "/a/b/c.json", from: "/a/x/y") == "../../b/c.json")
    }

    @Test(arguments: ["customer-support", "a", "x2", "suite-2025-q3"])
    func kebabCaseNamesAreAccepted(name: String) throws {
        try SuiteTemplate.checkSuiteName(name)
    }

    @Test(arguments: [
        ("Customer_Support", "customer-support"), ("customer support", "customer-support"), ("-lead", "lead"),
        ("trail-", "trail"), ("double--hyphen", "double-hyphen"), ("../escape", "escape"), ("", nil), ("ÄÖ", nil),
        ("under_score", "under-score"),
    ] as [(String, String?)])
    func otherNamesAreRefusedWithACorrection(name: String, suggestion: String?) {
        #expect(!SuiteTemplate.isSuiteName(name))
        do {
            try SuiteTemplate.checkSuiteName(name)
            Issue.record("'\(name)' was accepted")
        } catch {
            #expect("\(error)".contains("kebab-case"))
            if let suggestion { #expect("\(error)".contains("did you mean '\(suggestion)'?"), "\(error)") }
            else { #expect(!"\(error)".contains("did you mean")) }
        }
    }

    @Test func aMissingScenarioIsAnErrorListingTheSuitesScenarios() throws {
        let suite = try loader.load(path: Fixtures.repositoryPath("Suites/relationship-advice.yaml"))
        #expect(throws: Never.self) { try suite.requireScenario("boyfriend-reads-phone") }
        do {
            _ = try suite.requireScenario("boyfriend-read-phone")
            Issue.record("an unknown scenario was accepted")
        } catch {
            let text = "\(error)"
            #expect(text.contains("has no scenario 'boyfriend-read-phone'"))
            #expect(text.contains("did you mean 'boyfriend-reads-phone'?"))
            for scenario in suite.scenarios { #expect(text.contains(scenario.id)) }
        }
    }
}
