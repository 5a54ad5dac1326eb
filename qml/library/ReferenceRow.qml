import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// One reference spectrum in the library list (ReferenceListModel's roles). A retired
// reference is kept for the history, no longer used: greyed, listed last.
RowLayout {
    id: reference

    required property string substance
    required property string substanceClass
    required property string risk
    required property bool highRisk
    required property string source
    required property bool demo
    required property bool retired

    spacing: 8
    opacity: reference.retired ? 0.45 : 1

    Label {
        text: reference.substance
        Layout.preferredWidth: 260
        elide: Text.ElideRight
    }
    Label {
        text: reference.substanceClass
        Layout.preferredWidth: 160
    }
    Label {
        text: reference.risk
        color: reference.highRisk ? "#b00020" : "#37474f"
        font.bold: reference.highRisk
        Layout.preferredWidth: 90
    }
    Label {
        text: reference.retired ? qsTr("%1 (retired)").arg(reference.source) : reference.source
        color: reference.retired ? "#90a4ae" : "#37474f"
        Layout.fillWidth: true
        elide: Text.ElideRight
    }
    DemoBadge {
        opacity: reference.demo && !reference.retired ? 1 : 0
    }
}
