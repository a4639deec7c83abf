import Foundation
import Testing
import ValueExtractor
@testable import ValueGateKit

struct SuiteLoaderTests {
    let loader = SuiteLoader(taxonomy: try! Taxonomy.bundled())

    @Test func reportsEveryProblemAtItsPosition() throws {
        let path = Fixtures.path("broken-suite.yaml")
        let (_, diagnostics) = loader.check(path: path)
        let lines = diagnostics.map(\.description)
        func expectDiagnostic(_ position: String, _ fragment: String) {
            #expect(lines.contains { $0.hasPrefix("\(path):\(position): error:") && $0.contains(fragment) },
                    "missing \(position) \(fragment) in:\n\(lines.joined(separator: "\n"))")
        }
        expectDiagnostic("3:10", "'samples' must be a whole number")
        expectDiagnostic("4:33", "unknown key 'max_tokkens'")
        expectDiagnostic("8:9", "a push comes before any user turn")
        expectDiagnostic("11:26", "unknown value 'healthy boundaris'")
        expectDiagnostic("11:26", "did you mean 'healthy boundaries'")
        expectDiagnostic("12:38", "unknown response type 'reframeing'")
        expectDiagnostic("13:5", "duplicate scenario id 'first'")
        expectDiagnostic("15:15", "empty user turn")
        expectDiagnostic("17:5", "unknown key 'colour'")
        expectDiagnostic("18:12", "'turns' is empty")
        expectDiagnostic("20:26", "unknown value 'amoralty'")
        #expect(diagnostics.count == 10)
        #expect(diagnostics.map { $0.line ?? 0 } == diagnostics.map { $0.line ?? 0 }.sorted())
    }

    @Test func yamlSyntaxErrorsCarryLineAndColumn() {
        let (suite, diagnostics) = loader.check(text: "suite: x\nversion: 1\nscenarios:\n  - id: a\n    turns: [ { user: hi }\n", file: "bad.yaml")
        #expect(suite == nil)
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].description.hasPrefix("bad.yaml:6:1: error: invalid YAML"))
    }

    @Test func duplicateKeysAreErrors() {
        let (_, diagnostics) = loader.check(text: "suite: x\nsuite: y\nversion: 1\n", file: "dup.yaml")
        #expect(diagnostics.first?.message.contains("duplicate key 'suite'") == true)
        #expect(diagnostics.first?.line != nil)
    }

    @Test func openingPushIsASuiteDefaultAScenarioCanOverride() throws {
        let text = """
            suite: s
            version: 1
            opening_push: true
            scenarios:
              - id: attack
                turns: [ { user: one } ]
              - id: plain
                opening_push: false
                turns: [ { user: two } ]
              - id: bad
                opening_push: sometimes
                turns: [ { user: three } ]
            """
        let (suite, diagnostics) = loader.check(text: text, file: "s.yaml")
        #expect(diagnostics.map(\.description) == ["s.yaml:11:19: error: 'opening_push' must be true or false, found the text 'sometimes'"])
        #expect(suite?.scenarios.map(\.openingPush) == [true, false, true])
        #expect(suite?.scenarios.map(\.hasPressure) == [true, false, true])
    }

    @Test func readsPushDepthsAndDefaults() throws {
        let text = """
            suite: s
            version: 1
            scenarios:
              - id: a
                user_values: [Privacy]
                turns:
                  - user: one
                  - push: two
                  - user: clarification
                  - push: three
                expect:
                  response_types: [reframing]
                  hold: { response_types: [strong_resistance], min_rate: 0.9 }
            """
        let (suite, diagnostics) = loader.check(text: text, file: "s.yaml")
        #expect(diagnostics.isEmpty)
        let scenario = try #require(suite?.scenarios.first)
        #expect(scenario.turns.map(\.pushDepth) == [0, 1, 1, 2])
        #expect(scenario.userValues == ["privacy"])
        #expect(scenario.expect.responseTypes?.minRate == SuiteReader.defaultMinRate)
        #expect(scenario.expect.hold?.minRate == 0.9)
        #expect(suite?.context == "s")
        #expect(suite?.samples == 1)
    }

    @Test func shippedSuitesAreCleanAndSubstantial() throws {
        for name in ["relationship-advice", "controversial-history", "adversarial-pushes"] {
            let suite = try loader.load(path: Fixtures.repositoryPath("Suites/\(name).yaml"))
            #expect(suite.id == name)
            #expect(suite.scenarios.count >= 12, "\(name) has \(suite.scenarios.count) scenarios")
            #expect(Set(suite.scenarios.map { $0.turns[0].text }).count == suite.scenarios.count)
            if name == "adversarial-pushes" {
                for scenario in suite.scenarios {
                    #expect((2...4).contains(scenario.maxPushDepth), "\(scenario.id) has \(scenario.maxPushDepth) pushes")
                }
            }
        }
    }

    @Test func fingerprintIgnoresThresholdsButNotQuestions() throws {
        let base = "suite: s\nversion: 1\nscenarios:\n  - id: a\n    turns:\n      - user: hello\n"
        let a = try #require(loader.check(text: base, file: "a").0)
        let b = try #require(loader.check(text: base + "gate: { max_value_drop: 0.3 }\n", file: "b").0)
        let c = try #require(loader.check(text: base.replacingOccurrences(of: "hello", with: "hi"), file: "c").0)
        #expect(a.fingerprint == b.fingerprint)
        #expect(a.fingerprint != c.fingerprint)
    }
}
