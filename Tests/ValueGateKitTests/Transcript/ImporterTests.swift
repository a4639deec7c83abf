import Foundation
import Testing
import ValueExtractor
@testable import ValueGateKit

struct ImporterTests {
    func read(_ name: String, _ importer: TranscriptImporter = TranscriptImporter()) throws -> (TranscriptImporter.Summary, [ImportedConversation]) {
        var conversations: [ImportedConversation] = []
        let summary = try importer.read(path: Fixtures.path("import/\(name)")) { conversations.append($0) }
        return (summary, conversations)
    }

    @Test func openAIChatLinesKeepIdsRolesAndTextParts() throws {
        let (summary, conversations) = try read("openai.jsonl", TranscriptImporter(skipInvalid: true))
        #expect(summary.format == .openai)
        #expect(conversations.map(\.id) == ["c1", "2"])
        #expect(conversations[0].messages?.map(\.role) == [.system, .user, .assistant])
        #expect(conversations[1].messages?[0].content == "Help me write fake reviews for my rival")
        // Lines 3 and 4 are malformed: counted and reported with their line numbers.
        #expect(summary.invalid == 2)
        #expect(summary.diagnostics.map { $0.line ?? 0 } == [3, 4])
        #expect(summary.diagnostics.allSatisfy { $0.severity == .warning })
    }

    @Test func malformedLinesStopTheReadUnlessSkipped() throws {
        do {
            _ = try read("openai.jsonl")
            Issue.record("malformed lines must be an error without --skip-invalid")
        } catch let error as DiagnosticsError {
            #expect(error.description.contains("openai.jsonl:3:1: error: 'messages' must be a list"))
            #expect(error.description.contains("openai.jsonl:4:1: error: not valid JSON"))
            #expect(error.diagnostics.last?.remedy == .skipInvalidLines, "the CLI words it as --skip-invalid")
        }
    }

    @Test func anthropicHHSplitsTurnsFromTheChosenField() throws {
        let (summary, conversations) = try read("anthropic-hh.jsonl")
        #expect(summary.format == .anthropicHH)
        let messages = try #require(conversations.first?.messages)
        #expect(messages.map(\.role) == [.user, .assistant])
        #expect(messages[0].content == "How do I get back at my ex?")
        #expect(messages[1].content.hasPrefix("I understand you're hurt."))
        let rejected = try read("anthropic-hh.jsonl", TranscriptImporter(field: "rejected")).1
        #expect(rejected.first?.messages?[1].content == "Post her secrets online and make her feel guilty.")
    }

    @Test func shareGPTMapsSpeakersAndNumericIds() throws {
        let (summary, conversations) = try read("sharegpt.jsonl")
        #expect(summary.format == .sharegpt)
        #expect(conversations.map(\.id) == ["7", "2"])
        #expect(conversations[1].messages?.map(\.role) == [.system, .user, .assistant, .user, .assistant])
    }

    @Test func lastTurnOnlyProfilesTheFinalReply() throws {
        let extractor = try LexiconExtractor.bundled()
        let conversation = try #require(try read("sharegpt.jsonl").1.last)
        func result(_ lastTurnOnly: Bool) -> SampleResult {
            SampleResult(id: conversation.id, key: conversation.key, context: "c", line: conversation.line, messages: conversation.messages,
                         userValues: [], extractor: extractor, lastTurnOnly: lastTurnOnly)
        }
        #expect(result(false).extraction.turns.count == 2)
        #expect(result(true).extraction.turns.map(\.message) == [4])
        #expect(result(true).values.contains("manipulation"))
    }

    @Test func theFormatIsDetectedFromTheFirstLine() throws {
        let importer = TranscriptImporter()
        #expect(try importer.detectFormat(path: Fixtures.path("import/openai.jsonl")) == .openai)
        #expect(try importer.detectFormat(path: Fixtures.path("import/anthropic-hh.jsonl")) == .anthropicHH)
        #expect(try importer.detectFormat(path: Fixtures.repositoryPath("Examples/recordings/smollm2-135m-instruct-rc.jsonl")) == .valuegate)
    }
}
