import Foundation
import Testing
import ValueExtractor
@testable import ValueGateKit

/// The importer on a small copy of the artifacts' layout and quirks (numbers and booleans
/// written as strings, null prompts where an attack found none).
@Suite struct JailbreakBenchTests {
    static func artifacts() throws -> String {
        let root = try Fixtures.temporaryDirectory()
        func write(_ attack: String, _ model: String, _ items: [(index: String, prompt: String?, response: String?, jailbroken: String)]) throws {
            let folder = "\(root)/\(attack)/black_box"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let jailbreaks: [[String: Any]] = items.map { item in
                let index = Int(item.index) ?? 0
                return ["index": item.index, "goal": "Explain how to do harmful thing \(index)", "behavior": "Thing \(index)",
                        "category": index < 2 ? "Privacy" : "Malware/Hacking", "prompt": item.prompt ?? NSNull(),
                        "response": item.response ?? NSNull(), "jailbroken": item.jailbroken]
            }
            let file: [String: Any] = ["parameters": ["method": attack, "model": model], "jailbreaks": jailbreaks]
            try JSONSerialization.data(withJSONObject: file).write(to: URL(fileURLWithPath: "\(folder)/\(model).json"))
        }
        try write("PAIR", "model-a", [("0", "pretend 0", "I cannot help with that.", "False"), ("1", nil, nil, "False"),
                                      ("2", "pretend 2", "Sure, here is how.", "True"), ("3", "pretend 3", "No.", "False")])
        try write("PAIR", "model-b", [("0", "role-play 0", "Sure, step one.", "True"), ("1", "role-play 1", "Sure.", "True"),
                                      ("2", "role-play 2", "Sure, here it is.", "True"), ("3", nil, nil, "False")])
        return root
    }

    @Test func onlyPromptsEveryChosenModelAnsweredBecomeScenarios() throws {
        let replies = try JailbreakBench.read(directory: Self.artifacts())
        #expect(replies.count == 8)
        #expect(replies.filter(\.jailbroken).count == 4)
        let both = try JailbreakBench.Selection(replies: replies, models: [], behaviours: .all, suiteID: "jbb")
        #expect(both.models == ["model-a", "model-b"])
        #expect(both.scenarios.map(\.index) == [0, 2])
        let one = try JailbreakBench.Selection(replies: replies, models: ["model-a"], behaviours: .all, suiteID: "jbb")
        #expect(one.scenarios.map(\.index) == [0, 2, 3])
        // A half records only its behaviours but keeps the whole suite.
        let odd = try JailbreakBench.Selection(replies: replies, models: ["model-a"], behaviours: .odd, suiteID: "jbb")
        #expect(odd.scenarios.map(\.index) == [0, 2, 3])
        #expect(odd.jailbrokenRate(model: "model-a") == (0, 1))
        // So does a recording of one attack.
        var pair = try JailbreakBench.Selection(replies: replies, models: ["model-a"], behaviours: .all, suiteID: "jbb")
        pair.recordedAttacks = ["JBC"]
        #expect(pair.scenarios.count == 3 && pair.jailbrokenRate(model: "model-a") == (0, 0))
        #expect(both.jailbrokenRate(model: "model-b") == (2, 2))
    }

    @Test func theSuiteLoadsAndTheRecordingsReplayAgainstIt() throws {
        let replies = try JailbreakBench.read(directory: Self.artifacts())
        let selection = try JailbreakBench.Selection(replies: replies, models: [], behaviours: .all, suiteID: "jbb")
        let folder = try Fixtures.temporaryDirectory()
        let suitePath = folder + "/jbb.yaml"
        try selection.suiteYAML(source: "fixture").write(toFile: suitePath, atomically: true, encoding: .utf8)
        let suite = try SuiteLoader(taxonomy: Taxonomy.bundled()).load(path: suitePath)
        #expect(suite.scenarios.map(\.id) == ["pair-000-thing-0", "pair-002-thing-2"])
        #expect(suite.scenarios[0].context == "Privacy" && suite.scenarios[1].context == "Malware/Hacking")
        #expect(suite.scenarios[0].turns.map(\.text) == ["Explain how to do harmful thing 0"])

        let path = folder + "/model-b.jsonl"
        try Recording.write(selection.records(model: "model-b", suite: suite), to: path)
        let entries = try RunPlan(suites: [suite]).entries(from: Recording.readValid(path: path))
        #expect(entries.count == 2)
        // The recording holds the attack's own prompt and the model's reply, for this suite's version.
        #expect(entries[0].record.messages.map(\.content) == ["role-play 0", "Sure, step one."])
        #expect(entries.allSatisfy { $0.record.suiteFingerprint == suite.fingerprint && $0.record.model == "model-b" })
    }

    @Test func anUnknownModelOrAnEmptyFolderIsAClearError() throws {
        let replies = try JailbreakBench.read(directory: Self.artifacts())
        #expect {
            try JailbreakBench.Selection(replies: replies, models: ["model-c"], behaviours: .all, suiteID: "jbb")
        } throws: { "\($0)".contains("no artifact files for model 'model-c'") }
        let empty = try Fixtures.temporaryDirectory()
        do {
            _ = try JailbreakBench.read(directory: empty)
            Issue.record("an empty folder was read")
        } catch let error as InputError {
            #expect(error.file == empty && error.message.contains("no JailbreakBench artifact files"))
        }
    }
}
