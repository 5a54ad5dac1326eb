pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// "This service": the name and contact line printed on result slips and the exported
// site, the region, and the time zone times are shown in. An admin changes them; a bad
// value is named beside its field and nothing is saved.
SectionCard {
    id: root

    title: qsTr("This service")
    Layout.fillWidth: true

    ServiceIdentityController {
        id: identity

        onSaved: message => {
            identityStatus.color = "#1b5e20";
            identityStatus.text = message;
        }
        onErrorOccurred: message => {
            identityStatus.color = "#b00020";
            identityStatus.text = message;
            const field = identity.errorField === "name" ? nameField
                        : identity.errorField === "contact" ? contactField
                        : identity.errorField === "region" ? regionField
                        : identity.errorField === "time-zone" ? zoneField : null;
            if (field)
                field.forceActiveFocus();
        }
    }

    component IdentityField: TextField {
        required property string field

        Layout.fillWidth: true
        enabled: identity.canChange
        // Marked while the last save was refused because of this field.
        color: identity.errorField === field ? "#b00020" : palette.text
        Accessible.description: identity.errorField === field ? identityStatus.text : ""
    }

    GridLayout {
        columns: 2
        columnSpacing: 8
        rowSpacing: 6
        Layout.fillWidth: true

        Label { text: qsTr("Name") }
        IdentityField {
            id: nameField

            objectName: "serviceNameField"
            field: "name"
            text: identity.name
            placeholderText: qsTr("e.g. Drug Checking Zurich")
            Accessible.name: qsTr("Service name")
        }
        Label { text: qsTr("Contact") }
        IdentityField {
            id: contactField

            objectName: "serviceContactField"
            field: "contact"
            text: identity.contact
            placeholderText: qsTr("One line: opening hours, phone, e-mail")
            Accessible.name: qsTr("Contact line")
        }
        Label { text: qsTr("Region") }
        IdentityField {
            id: regionField

            objectName: "serviceRegionField"
            field: "region"
            text: identity.region
            Accessible.name: qsTr("Region")
        }
        Label { text: qsTr("Time zone") }
        IdentityField {
            id: zoneField

            objectName: "serviceTimeZoneField"
            field: "time-zone"
            text: identity.timeZone
            placeholderText: qsTr("e.g. Europe/Zurich")
            Accessible.name: qsTr("Time zone")
        }
    }

    RowLayout {
        spacing: 8

        Button {
            objectName: "saveServiceButton"
            text: qsTr("Save service details")
            enabled: identity.canChange
            onClicked: identity.save(nameField.text, contactField.text, regionField.text, zoneField.text)
        }
        Label {
            id: identityStatus

            objectName: "serviceIdentityStatus"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: identity.canChange ? "" : qsTr("Only an admin can change these.")
        }
    }
}
