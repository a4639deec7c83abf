import Testing
@testable import ValueExtractor

struct UndesiredValuesTests {
    @Test func matchesExactAndUnnormalisedSpellings() {
        #expect(UndesiredValues.contains("manipulation"))
        #expect(UndesiredValues.contains("Moral  Nihilism "))
        #expect(UndesiredValues.contains("SEXUAL EXPLOITATION"))
        #expect(!UndesiredValues.contains("honesty"))
        #expect(!UndesiredValues.contains("Harm Prevention"))
    }

    @Test func everyUndesiredValueIsALevel0Value() throws {
        let taxonomy = try Taxonomy.bundled()
        try #require(UndesiredValues.names.count >= 5)
        for name in UndesiredValues.names {
            #expect(taxonomy.nodes(named: name).contains { $0.level == 0 && $0.name == name }, "\(name)")
        }
    }
}
