import ValueExtractor
import Yams

/// Walks a composed YAML tree into a `Suite`, recording a diagnostic for every problem
/// and carrying on, so one lint run shows them all.
struct SuiteReader {
    let file: String
    let taxonomy: Taxonomy
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String, taxonomy: Taxonomy) {
        self.file = file
        self.taxonomy = taxonomy
    }

    static let suiteKeys = ["suite", "version", "description", "context", "system", "samples", "generation", "opening_push", "scenarios", "gate"]
    static let generationKeys = ["temperature", "max_tokens", "top_p", "seed"]
    static let scenarioKeys = ["id", "description", "context", "user_values", "opening_push", "turns", "expect"]
    static let turnKeys = ["user", "push"]
    static let expectKeys = ["values", "never", "response_types", "hold"]
    static let rateKeys = ["any_of", "min_rate"]
    static let holdKeys = ["response_types", "min_rate"]
    static let gateKeys = ["forbidden", "track", "critical", "max_value_drop", "critical_max_change", "max_response_shift", "alpha", "max_failed_samples"]
    static let limitKeys = ["value", "max_rate"]
    /// Used when an expectation is a plain list of response types without a rate.
    static let defaultMinRate = 0.5

    mutating func read(_ root: Node) -> Suite? {
        guard let map = mapping(root, "the suite", expected: "a mapping with 'suite', 'version' and 'scenarios'") else { return nil }
        checkKeys(map, allowed: Self.suiteKeys, in: "a suite")

        let id = requiredString(map, "suite", owner: root, pattern: true) ?? ""
        var version = Suite.formatVersion
        if let node = map["version"] {
            if let value = integer(node, "version") {
                if value != Suite.formatVersion {
                    error(node, "unsupported suite format version \(value); this valuegate reads version \(Suite.formatVersion)")
                }
                version = value
            }
        } else {
            error(root, "missing 'version'; add 'version: \(Suite.formatVersion)'")
        }
        let description = map["description"].flatMap { string($0, "description") }
        let context = map["context"].flatMap { string($0, "context") } ?? id.replacingOccurrences(of: "-", with: " ")
        let system = map["system"].flatMap { string($0, "system") }
        var samples = 1
        if let node = map["samples"], let value = integer(node, "samples") {
            if value < 1 || value > 10_000 { error(node, "'samples' must be between 1 and 10000, found \(value)") } else { samples = value }
        }
        var generation = GenerationSettings()
        if let node = map["generation"] { generation = readGeneration(node) }
        var gate = GateSettings()
        if let node = map["gate"] { gate = readGate(node) }
        let openingPush = map["opening_push"].flatMap { boolean($0, "opening_push") } ?? false

        var scenarios: [Scenario] = []
        if let node = map["scenarios"] {
            if let list = sequence(node, "scenarios", expected: "a list of scenarios") {
                if list.isEmpty { error(node, "'scenarios' is empty; a suite needs at least one scenario") }
                var seen: [String: Int] = [:]
                for item in list {
                    guard let scenario = readScenario(item, suiteContext: context, suiteOpeningPush: openingPush) else { continue }
                    if let line = seen[scenario.id] {
                        error(item, "duplicate scenario id '\(scenario.id)' (first used on line \(line)); scenario ids must be unique in a suite")
                    } else {
                        seen[scenario.id] = scenario.line
                    }
                    scenarios.append(scenario)
                }
            }
        } else {
            error(root, "missing 'scenarios'; a suite needs a list of scenarios")
        }
        return Suite(id: id, version: version, description: description, context: context, system: system,
                     samples: samples, generation: generation, scenarios: scenarios, gate: gate, file: file)
    }

    // MARK: Parts

    private mutating func readGeneration(_ node: Node) -> GenerationSettings {
        var settings = GenerationSettings()
        guard let map = mapping(node, "generation", expected: "a mapping such as { temperature: 0.7, max_tokens: 400 }") else { return settings }
        checkKeys(map, allowed: Self.generationKeys, in: "'generation'")
        if let value = map["temperature"] {
            settings.temperature = number(value, "temperature", range: 0...2)
        }
        if let value = map["top_p"] {
            settings.topP = number(value, "top_p", range: 0...1)
        }
        if let value = map["max_tokens"], let tokens = integer(value, "max_tokens") {
            if tokens < 1 { error(value, "'max_tokens' must be at least 1") } else { settings.maxTokens = tokens }
        }
        if let value = map["seed"] {
            settings.seed = integer(value, "seed")
        }
        return settings
    }

    private mutating func readGate(_ node: Node) -> GateSettings {
        var gate = GateSettings()
        guard let map = mapping(node, "gate", expected: "a mapping of gate thresholds") else { return gate }
        checkKeys(map, allowed: Self.gateKeys, in: "'gate'")
        if let value = map["forbidden"] { gate.forbidden = valueLimits(value, "forbidden") }
        if let value = map["track"] { gate.track = valueNames(value, "track") }
        if let value = map["critical"], let list = sequence(value, "critical", expected: "a list of groups and tracked values") {
            let groups = GateGroup.allCases.map(\.rawValue)
            gate.critical = list.compactMap { item in
                guard let name = string(item, "critical") else { return nil }
                if groups.contains(name) { return name }
                if let known = taxonomy.node(named: name)?.name, gate.track.contains(known) { return known }
                error(item, "'\(name)' in 'critical' is neither a group (\(groups.joined(separator: ", "))) nor a value listed in 'track'")
                return nil
            }
        }
        if let value = map["max_value_drop"], let n = number(value, "max_value_drop", range: 0...1) { gate.maxValueDrop = n }
        if let value = map["critical_max_change"], let n = number(value, "critical_max_change", range: 0...1) { gate.criticalMaxChange = n }
        if let value = map["max_response_shift"], let n = number(value, "max_response_shift", range: 0...1) { gate.maxResponseShift = n }
        if let value = map["alpha"], let n = number(value, "alpha", range: 0.000001...0.5) { gate.alpha = n }
        if let value = map["max_failed_samples"], let n = number(value, "max_failed_samples", range: 0...1) { gate.maxFailedSamples = n }
        return gate
    }

    private mutating func readScenario(_ node: Node, suiteContext: String, suiteOpeningPush: Bool) -> Scenario? {
        guard let map = mapping(node, "a scenario", expected: "a mapping with 'id' and 'turns'") else { return nil }
        checkKeys(map, allowed: Self.scenarioKeys, in: "a scenario")
        let id = requiredString(map, "id", owner: node, pattern: true)
        let description = map["description"].flatMap { string($0, "description") }
        let context = map["context"].flatMap { string($0, "context") } ?? suiteContext
        let userValues = map["user_values"].map { valueNames($0, "user_values") } ?? []
        let openingPush = map["opening_push"].flatMap { boolean($0, "opening_push") } ?? suiteOpeningPush

        var turns: [Turn] = []
        if let turnsNode = map["turns"] {
            if let list = sequence(turnsNode, "turns", expected: "a list of '- user: ...' and '- push: ...' turns") {
                if list.isEmpty { error(turnsNode, "'turns' is empty; a scenario needs at least one '- user: ...' turn") }
                var depth = 0
                for item in list {
                    guard let turnMap = mapping(item, "a turn", expected: "'- user: TEXT' or '- push: TEXT'") else { continue }
                    checkKeys(turnMap, allowed: Self.turnKeys, in: "a turn")
                    let kinds = turnMap.keys.compactMap { $0.string }.filter(Self.turnKeys.contains)
                    guard kinds.count == 1, let kind = Turn.Kind(rawValue: kinds[0]), let textNode = turnMap[kinds[0]] else {
                        if kinds.count > 1 { error(item, "a turn has both 'user' and 'push'; give each its own list item") }
                        else if turnMap.count == 0 || kinds.isEmpty { error(item, "a turn needs 'user: TEXT' or 'push: TEXT'") }
                        continue
                    }
                    guard let text = string(textNode, kind.rawValue) else { continue }
                    if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                        error(textNode, "empty \(kind.rawValue) turn; write what the user says")
                        continue
                    }
                    if kind == .push && turns.isEmpty {
                        error(item, "a push comes before any user turn; start the scenario with '- user: ...'")
                    }
                    if kind == .push { depth += 1 }
                    turns.append(Turn(kind: kind, text: text, pushDepth: depth))
                }
            }
        } else {
            error(node, "scenario '\(id ?? "?")' has no 'turns'")
        }
        var expect = Expectations()
        if let node = map["expect"] { expect = readExpectations(node) }
        if let hold = expect.hold, !turns.contains(where: { $0.kind == .push }), let holdNode = map["expect"]?.mapping?["hold"] {
            _ = hold
            error(holdNode, "'hold' applies under pushes, but scenario '\(id ?? "?")' has no '- push:' turn")
        }
        guard let id else { return nil }
        return Scenario(id: id, description: description, context: context, userValues: userValues,
                        turns: turns, expect: expect, openingPush: openingPush, line: node.mark?.line ?? 0)
    }

    private mutating func readExpectations(_ node: Node) -> Expectations {
        var expect = Expectations()
        guard let map = mapping(node, "expect", expected: "a mapping of expectations") else { return expect }
        checkKeys(map, allowed: Self.expectKeys, in: "'expect'")
        if let value = map["values"] {
            if let rate = readRate(value, "values", keys: Self.rateKeys, listKey: "any_of", item: { $0.valueName($1, "values") }) {
                expect.values = rate
            }
        }
        if let value = map["never"] { expect.never = valueLimits(value, "never") }
        if let value = map["response_types"] {
            expect.responseTypes = readRate(value, "response_types", keys: Self.rateKeys, listKey: "any_of", item: { $0.responseType($1) })
        }
        if let value = map["hold"] {
            expect.hold = readRate(value, "hold", keys: Self.holdKeys, listKey: "response_types", item: { $0.responseType($1) })
        }
        return expect
    }

    /// Reads `{ LISTKEY: [...], min_rate: R }`, or a plain list meaning min_rate 0.5.
    private mutating func readRate<Item: Hashable & Sendable>(
        _ node: Node, _ key: String, keys: [String], listKey: String,
        item: (inout SuiteReader, Node) -> Item?
    ) -> RateExpectation<Item>? {
        var listNode = node
        var minRate = Self.defaultMinRate
        if let map = node.mapping {
            checkKeys(map, allowed: keys, in: "'\(key)'")
            guard let list = map[listKey] else {
                error(node, "'\(key)' needs '\(listKey): [...]'")
                return nil
            }
            listNode = list
            if let rateNode = map["min_rate"], let rate = number(rateNode, "min_rate", range: 0...1) { minRate = rate }
        }
        guard let list = sequence(listNode, key, expected: "a list, or { \(listKey): [...], min_rate: 0.6 }") else { return nil }
        if list.isEmpty { error(listNode, "'\(key)' lists nothing") }
        let items = list.compactMap { item(&self, $0) }
        guard items.count == list.count, !items.isEmpty else { return nil }
        return RateExpectation(anyOf: items, minRate: minRate)
    }

    private mutating func valueNames(_ node: Node, _ key: String) -> [String] {
        guard let list = sequence(node, key, expected: "a list of taxonomy value names") else { return [] }
        return list.compactMap { valueName($0, key) }
    }

    /// A list of `NAME` or `{ value: NAME, max_rate: R }`.
    private mutating func valueLimits(_ node: Node, _ key: String) -> [ValueLimit] {
        guard let list = sequence(node, key, expected: "a list of taxonomy value names or { value: NAME, max_rate: 0.05 }") else { return [] }
        return list.compactMap { item in
            guard let map = item.mapping else { return valueName(item, key).map { ValueLimit($0) } }
            checkKeys(map, allowed: Self.limitKeys, in: "an entry of '\(key)'")
            guard let nameNode = map["value"] else {
                error(item, "an entry of '\(key)' needs 'value: NAME'")
                return nil
            }
            let rate = map["max_rate"].flatMap { number($0, "max_rate", range: 0...1) }
            return valueName(nameNode, key).map { ValueLimit($0, maxRate: rate) }
        }
    }

    /// A taxonomy name at any level, returned as the taxonomy spells it.
    private mutating func valueName(_ node: Node, _ key: String) -> String? {
        guard let name = string(node, key) else { return nil }
        if let known = taxonomy.node(named: name) { return known.name }
        let suggestions = taxonomy.suggestions(for: name)
        let hint = suggestions.isEmpty
            ? "; search the taxonomy with 'valuegate taxonomy search WORD'"
            : "; did you mean \(suggestions.map { "'\($0)'" }.joined(separator: ", "))?"
        error(node, "unknown value '\(name)' in '\(key)'\(hint)")
        return nil
    }

    private mutating func responseType(_ node: Node) -> ResponseType? {
        guard let name = string(node, "response type") else { return nil }
        if let type = ResponseType(rawValue: name) { return type }
        let all = ResponseType.allCases.map(\.rawValue)
        let close = all.filter { EditDistance.isClose(name, $0) }
        let hint = close.isEmpty ? "expected one of \(all.joined(separator: ", "))" : "did you mean '\(close[0])'?"
        error(node, "unknown response type '\(name)'; \(hint)")
        return nil
    }

    // MARK: Typed access with diagnostics

    private mutating func checkKeys(_ map: Node.Mapping, allowed: [String], in owner: String) {
        for (key, _) in map {
            guard let name = key.string else {
                error(key, "keys in \(owner) must be strings")
                continue
            }
            if !allowed.contains(name) {
                let close = allowed.filter { EditDistance.isClose(name, $0) }
                let hint = close.isEmpty ? "allowed keys: \(allowed.joined(separator: ", "))" : "did you mean '\(close[0])'?"
                error(key, "unknown key '\(name)' in \(owner); \(hint)")
            }
        }
    }

    private mutating func mapping(_ node: Node, _ what: String, expected: String) -> Node.Mapping? {
        if let map = node.mapping { return map }
        error(node, "\(what) must be \(expected), found \(Self.kind(of: node))")
        return nil
    }

    private mutating func sequence(_ node: Node, _ key: String, expected: String) -> [Node]? {
        if let list = node.sequence { return Array(list) }
        error(node, "'\(key)' must be \(expected), found \(Self.kind(of: node))")
        return nil
    }

    private mutating func string(_ node: Node, _ key: String) -> String? {
        // A plain `null`, `~` or nothing is no text; anything else scalar reads as text.
        if let scalar = node.scalar, node.null == nil || scalar.style != .plain { return scalar.string }
        error(node, "'\(key)' must be text, found \(Self.kind(of: node))")
        return nil
    }

    private mutating func requiredString(_ map: Node.Mapping, _ key: String, owner: Node, pattern: Bool) -> String? {
        guard let node = map[key] else {
            error(owner, "missing '\(key)'")
            return nil
        }
        guard let value = string(node, key) else { return nil }
        if pattern, !Self.isIdentifier(value) {
            error(node, "'\(key)' must use lowercase letters, digits, hyphens and underscores (e.g. 'partner-reads-messages'), found '\(value)'")
            return nil
        }
        return value
    }

    private mutating func integer(_ node: Node, _ key: String) -> Int? {
        if node.tag.rawValue == Tag.Name.int.rawValue, let value = node.int { return value }
        error(node, "'\(key)' must be a whole number, found \(Self.kind(of: node))")
        return nil
    }

    private mutating func boolean(_ node: Node, _ key: String) -> Bool? {
        if node.tag.rawValue == Tag.Name.bool.rawValue, let value = node.bool { return value }
        error(node, "'\(key)' must be true or false, found \(Self.kind(of: node))")
        return nil
    }

    private mutating func number(_ node: Node, _ key: String, range: ClosedRange<Double>) -> Double? {
        guard node.scalar != nil, node.tag.rawValue == Tag.Name.int.rawValue || node.tag.rawValue == Tag.Name.float.rawValue, let value = node.float else {
            error(node, "'\(key)' must be a number, found \(Self.kind(of: node))")
            return nil
        }
        guard range.contains(value) else {
            error(node, "'\(key)' must be between \(range.lowerBound) and \(range.upperBound), found \(value)")
            return nil
        }
        return value
    }

    private mutating func error(_ node: Node, _ message: String) {
        diagnostics.append(Diagnostic(file: file, line: node.mark?.line, column: node.mark?.column, message))
    }

    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }

    static func kind(of node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if node.null != nil { return "nothing (null)" }
            if node.tag.rawValue == Tag.Name.int.rawValue || node.tag.rawValue == Tag.Name.float.rawValue { return "the number \(scalar.string)" }
            if node.tag.rawValue == Tag.Name.bool.rawValue { return "the boolean \(scalar.string)" }
            return "the text '\(scalar.string.prefix(40))'"
        }
    }
}

extension EditDistance {
    /// Close enough to suggest as a correction of a key or response-type name.
    static func isClose(_ typed: String, _ known: String) -> Bool {
        between(typed.lowercased(), known, limit: max(2, known.count / 4)) != nil
    }
}
