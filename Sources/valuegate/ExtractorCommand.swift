import ArgumentParser
import Foundation
import ValueExtractor
import ValueGateKit

struct ExtractorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extractor",
        abstract: "Measure the shared extractor.",
        subcommands: [Eval.self, Features.self])

    enum Choice: String, ExpressibleByArgument, CaseIterable {
        case learned, lexicon, both, judge, all
    }

    struct Eval: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score the extractor against the labelled corpus of real conversations, beside the labellers' own agreement.",
            discussion: """
                Per source and overall, with 95% intervals: category and leaf micro-F1, response type accuracy \
                (7 classes; and support / neutral / resist), harmful-compliance precision and recall against the \
                labellers, and balanced accuracy against JailbreakBench's own `jailbroken` judgment. Each figure \
                is printed beside the two labellers' agreement on the same measure, and as a share of it.
                The test split is for final figures, and so is holdout (fresh conversations of the test \
                scenarios, added after the test split was read); tune on train and dev.
                Examples:
                  valuegate extractor eval --split dev
                  valuegate extractor eval --split test --extractor both --json out/eval.json
                  valuegate extractor eval --extractor all --judge-base-url http://127.0.0.1:8088/v1 --judge-model smollm2-135m-instruct
                  valuegate extractor eval --gold Tests/ValueGateKitTests/Fixtures/extractor-dev.jsonl   (single-label gold file)
                """)

        @Option(help: "Labelled corpus (JSON Lines, both labellers' labels).") var corpus = "Tests/ExtractorCorpus/corpus.jsonl"
        @Option(help: "train, dev, test, holdout or all.") var split = "dev"
        @Option(help: "learned (default), lexicon (v1 rules only), both, judge (a model names the values), or all three.") var extractor: Choice = .learned
        @Option(help: "Instead of the corpus: a single-label gold file in the older format.") var gold: String?
        @Option(help: "Write the figures as JSON here.") var json: String?
        @Option(help: "Judge: base URL of an OpenAI-compatible API.") var judgeBaseUrl: String?
        @Option(help: "Judge: model name, pinned in the fingerprint.") var judgeModel: String?
        @Option(help: ArgumentHelp("Judge: environment variable holding the API key.", valueName: "NAME")) var judgeApiKeyEnv: String?
        @Option(help: "Judge: requests in flight at once.") var judgeConcurrency = 2
        @Option(help: "Judge: cache of judgments by transcript hash (default: .valuegate-cache/judge-<fingerprint>.jsonl).") var judgeCache: String?

        func run() async throws {
            let learned = try Shared.extractor()
            if let gold {
                let items = try ExtractorEvaluation.loadGold(path: gold, taxonomy: learned.taxonomy)
                let evaluation = ExtractorEvaluation(gold: items, extractor: extractor == .lexicon ? learned.lexicon : learned)
                if let json { try JSONOutput.write(evaluation, to: json) }
                Console.out(evaluation.report)
                return
            }
            guard ["train", "dev", "test", "holdout", "all"].contains(split) else { throw UsageError("--split must be train, dev, test, holdout or all, not '\(split)'") }
            let items = try CorpusEvaluation.load(path: corpus, taxonomy: learned.taxonomy)
            let chosen: [any ValueExtracting] = switch extractor {
            case .learned: [learned]
            case .lexicon: [learned.lexicon]
            case .both, .all: [learned.lexicon, learned]
            case .judge: []
            }
            var evaluations = try chosen.map { try CorpusEvaluation(corpus: items, split: split, extractor: $0) }
            if extractor == .judge || extractor == .all { evaluations.append(try await judged(items, taxonomy: learned.taxonomy)) }
            if let json { try JSONOutput.write(evaluations, to: json) }
            Console.out(evaluations.map(\.report).joined(separator: "\n\n"))
        }
    }

    struct Features: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the learned extractor's features of each conversation's final turn (for scripts/train-extractor.py).",
            discussion: "Output: one JSON line per conversation, {\"id\", \"features\": [ids], \"named\": [ids of the named, not word, features]}.")

        @Argument(help: "Conversations (JSON Lines with id and messages).") var conversations: String
        @Option(help: "Write here instead of standard output.") var output: String?

        func run() throws {
            let text = try FeatureDump.lines(conversations: conversations, extractor: try Shared.extractor())
            if let output { try Data(text.utf8).write(to: URL(fileURLWithPath: output)) } else { Console.out(text) }
        }
    }
}

extension ExtractorCommand.Eval {
    func judged(_ items: [CorpusConversation], taxonomy: Taxonomy) async throws -> CorpusEvaluation {
        guard let judgeBaseUrl, let judgeModel else {
            throw UsageError("--extractor \(extractor.rawValue) needs --judge-base-url and --judge-model")
        }
        let settings = JudgeSettings(baseURL: judgeBaseUrl, model: judgeModel, apiKeyEnvironmentVariable: judgeApiKeyEnv,
                                     concurrency: judgeConcurrency, cachePath: judgeCache)
        let (evaluation, failures) = try await CorpusEvaluation.judged(corpus: items, split: split, judge: settings, taxonomy: taxonomy, log: Console.log)
        if failures > 0 { Console.error("warning: the judge gave no valid answer for \(failures) conversations; they are scored as empty readings") }
        return evaluation
    }
}
