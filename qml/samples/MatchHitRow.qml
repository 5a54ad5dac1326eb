pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// One of the library's closest spectra (a row of MatchController.hits): rank, substance,
// class, score, and the high-risk mark where the verdict makes it one.
RowLayout {
    id: root

    // The row's roles (MatchHitModel).
    required property int rank
    required property string substance
    required property string substanceClass
    required property string score
    required property bool showsHighRisk

    Layout.fillWidth: true
    spacing: 8

    Label {
        text: root.rank + "."
        Layout.preferredWidth: 24
        opacity: 0.7
    }
    Label {
        objectName: "hitSubstance"
        text: root.substance
        Layout.preferredWidth: 260
        elide: Text.ElideRight
    }
    Label {
        text: root.substanceClass
        opacity: 0.7
        Layout.preferredWidth: 130
        elide: Text.ElideRight
    }
    Label {
        text: root.score
        font.family: "monospace"
        Layout.preferredWidth: 50
    }
    Label {
        text: root.showsHighRisk ? qsTr("high-risk class") : ""
        color: "#b00020"
        opacity: 0.8
        Layout.fillWidth: true
    }
}
