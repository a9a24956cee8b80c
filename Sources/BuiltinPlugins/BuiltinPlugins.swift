import CSVPlugin
import EntityTaggingPlugin
import HTMLPlugin
import JSONPlugin
import MarkdownPlugin
import NormalizationPlugin
import PlainTextPlugin
import TEIPlugin
import WarraqKit

/// Every plugin that ships with warraq: the one list the command line uses.
public enum BuiltinPlugins {
    public static let registry = PluginRegistry(
        inputs: [
            PlainTextInput(),
            HTMLInput(),
            JSONInput(),
        ],
        outputs: [
            JSONOutput(),
            JSONLinesOutput(),
            CSVOutput(),
            MarkdownOutput(),
            TEIOutput(),
        ],
        transforms: [
            NormalizeTransform(),
            TagEntitiesTransform(),
        ]
    )
}
