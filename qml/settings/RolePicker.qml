pragma ComponentBehavior: Bound
import QtQuick
import Candor

// A tick box per role, in core's order (PeopleController.allRoles); what follows it in
// the page (a Save button) flows after the boxes.
Flow {
    id: picker

    required property list<string> roles
    // The roles ticked when the boxes are made (a person's stored roles).
    property list<string> stored
    // Each box's objectName is this prefix and its role (the tests find them so).
    required property string boxNamePrefix

    // The roles ticked now.
    function ticked(): var {
        const out = [];
        for (let i = 0; i < boxes.count; ++i) {
            const box = boxes.itemAt(i) as RoleBox;
            if (box && box.checked)
                out.push(box.role);
        }
        return out;
    }

    // Ticks exactly `roles` (none for an empty list).
    function tickOnly(roles: var): void {
        for (let i = 0; i < boxes.count; ++i) {
            const box = boxes.itemAt(i) as RoleBox;
            if (box)
                box.checked = roles.indexOf(box.role) >= 0;
        }
    }

    spacing: 4

    Repeater {
        id: boxes

        model: picker.roles

        delegate: RoleBox {
            required property string modelData

            role: modelData
            objectName: picker.boxNamePrefix + modelData
            checked: picker.stored.indexOf(modelData) >= 0
        }
    }
}
