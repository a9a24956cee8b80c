import JSONPlugin
import MarkdownPlugin
import PlainTextPlugin
import WarraqKit

/// Every plugin that ships with warraq: the one list the command line uses.
public enum BuiltinPlugins {
    public static let registry = PluginRegistry(
        inputs: [
            PlainTextInput(),
            JSONInput(),
        ],
        outputs: [
            JSONOutput(),
            JSONLinesOutput(),
            MarkdownOutput(),
        ],
        transforms: []
    )
}
