import ArgumentParser
import Foundation
import ValueExtractor
import ValueGateKit

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Start a project: write valuegate.yaml (suites, baseline, candidate, endpoint) and a starter suite.",
        discussion: """
            Writes valuegate.yaml and Suites/starter.yaml (three scenarios, one with pushes) in the current folder, or \
            in --directory. An existing file is never overwritten without --force. Without flags the endpoint is the \
            local model server of docs/local-model-server.md (\(ProjectTemplate.defaultBaseURL), \(ProjectTemplate.defaultModel)).
            Examples:
              valuegate init
              valuegate init --base-url https://api.openai.com/v1 --model gpt-4o-mini --api-key-env OPENAI_API_KEY
              valuegate init --api anthropic --base-url https://api.anthropic.com/v1 --model claude-3-5-haiku-latest --api-key-env ANTHROPIC_API_KEY
              valuegate init --directory gates/support-bot --force
            """)

    @Option(help: "Folder to write into (created if missing).") var directory = "."
    @Option(help: "API of the endpoint: openai (chat completions) or anthropic (Messages).") var api: EndpointConfiguration.Kind = .openai
    @Option(help: "Base URL of the API.") var baseURL = ProjectTemplate.defaultBaseURL
    @Option(help: "Model name sent to the endpoint; the baseline folder is named after it.") var model = ProjectTemplate.defaultModel
    @Option(help: ArgumentHelp("Environment variable holding the API key, written as api_key_env (default: a commented-out example).", valueName: "NAME"))
    var apiKeyEnv: String?
    @Flag(help: "Overwrite valuegate.yaml and Suites/starter.yaml if they exist.") var force = false

    func run() throws {
        let project = ProjectTemplate(kind: api, baseURL: baseURL, model: model, apiKeyEnv: apiKeyEnv)
        let written = try project.write(into: directory, force: force)
        let (configPath, suitePath, scenarios, schema) = (written.configuration, written.suite, written.scenarios, written.schema)

        Console.out("wrote \(configPath): suites \(project.suites.joined(separator: ", ")); baseline \(project.baseline); endpoint \(project.kind.rawValue) \(project.baseURL), model \(project.model)")
        Console.out("wrote \(suitePath): \(scenarios) scenarios, one with pushes; the extractor has cues for every value it names")
        if !schema.found {
            Console.out("note: its schema modeline points at \(schema.path), where a ValueGate checkout keeps it; copy \(SuiteTemplate.schemaPath) from ValueGate there for editor completion")
        }
        var steps: [(String, String)] = []
        if directory != "." { steps.append(("cd \(Shared.resumeCommand([directory]))", "")) }
        steps += [
            ("valuegate lint \(SuiteTemplate.starterPath)", "check the suite"),
            ("valuegate try \(SuiteTemplate.starterPath) --scenario \(SuiteTemplate.starterPushScenario)", "play one scenario, values shown inline"),
            ("valuegate run --out out/baseline.jsonl", "record every sample of the suites"),
            ("valuegate baseline save --label \(project.baselineLabel) --recording out/baseline.jsonl", "then review and commit \(project.baseline)"),
            ("valuegate check", "gate a release candidate against it"),
        ]
        if project.baseURL == ProjectTemplate.defaultBaseURL {
            Console.out("the endpoint is the local model server: start it as docs/local-model-server.md shows")
        }
        Console.out("next:")
        let width = steps.map(\.0.count).max() ?? 0
        for (command, why) in steps {
            Console.out("  " + (why.isEmpty ? command : command.padding(toLength: width, withPad: " ", startingAt: 0) + "   # " + why))
        }
    }
}
