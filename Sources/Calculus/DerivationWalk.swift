import Expr

/// The order in which every renderer shows a derivation: depth first from the whole expression,
/// each step numbered when first shown. A step met again is referred to by its number, and a
/// step at the depth limit is shown with its result but without its parts. Iterative, so deep
/// expressions do not exhaust the stack.
struct DerivationWalk {
    enum Event {
        /// A step whose parts follow, then `.close` for it.
        case open(DerivationStep, number: Int, depth: Int)
        /// The end of an opened step, after its parts.
        case close(DerivationStep, number: Int, depth: Int)
        /// A step shown on its own: no parts, or parts folded away by the depth limit.
        case leaf(DerivationStep, number: Int, depth: Int, folded: Bool)
        /// A step already shown as `number`.
        case reference(DerivationStep, number: Int, depth: Int)
    }

    /// The events of `derivation`, root at depth 1.
    static func events(_ derivation: Derivation) -> [Event] {
        enum Task { case visit(Expr, Int), close(Expr, Int, Int) }
        var numbers: [Expr: Int] = [:]
        var events: [Event] = []
        var tasks: [Task] = [.visit(derivation.expression, 1)]
        while let task = tasks.popLast() {
            switch task {
            case let .close(e, number, depth):
                events.append(.close(derivation.steps[e]!, number: number, depth: depth))
            case let .visit(e, depth):
                let step = derivation.steps[e]!
                if let known = numbers[e] {
                    events.append(.reference(step, number: known, depth: depth))
                    continue
                }
                let number = numbers.count + 1
                numbers[e] = number
                if step.parts.isEmpty {
                    events.append(.leaf(step, number: number, depth: depth, folded: false))
                } else if let limit = derivation.depth, depth >= limit {
                    events.append(.leaf(step, number: number, depth: depth, folded: true))
                } else {
                    events.append(.open(step, number: number, depth: depth))
                    tasks.append(.close(e, number, depth))
                    for part in step.parts.reversed() { tasks.append(.visit(part, depth + 1)) }
                }
            }
        }
        return events
    }
}
