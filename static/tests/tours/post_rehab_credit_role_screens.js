import { App } from "@odoo/owl";
import { rpcBus } from "@web/core/network/rpc";

/**
 * What one user of the programme sees, screen by screen, in the web client
 * (run by tests/test_role_screens.py, once per demo user):
 *
 * 1. the screen the user lands on after logging in is the one of their role
 *    (res_users.ROLE_HOME);
 * 2. every menu of the programme the user sees opens without an error, in
 *    each of its views, with its search options, and on its first record
 *    (the form and its chatter); none of these screens shows an English text
 *    of the addon (a source string of i18n/vi.po);
 * 3. optionally, a record the user creates says in its chatter, in
 *    Vietnamese, what was created.
 *
 * `checkRoleScreens(params)` logs "test successful", or with console.error
 * (which fails the test) the first error met or every English text seen.
 */

const ROOT_MENU = "post_rehab_credit.menu_root";
const pending = new Map();
const rpcErrors = [];
// The English texts found, screen by screen, reported together at the end.
const englishShown = [];

rpcBus.addEventListener("RPC:REQUEST", ({ detail }) => {
    const params = detail.data.params || {};
    pending.set(detail.data.id, `${detail.url} ${params.model || ""}.${params.method || ""}`);
});
rpcBus.addEventListener("RPC:RESPONSE", ({ detail }) => {
    pending.delete(detail.data.id);
    if (detail.error) {
        const params = detail.data.params || {};
        rpcErrors.push(
            `${detail.url} ${params.model || ""}.${params.method || ""}: ` +
                `${detail.error.data?.message || detail.error.message || detail.error}`
        );
    }
});

class ScreenError extends Error {}

function nextFrame() {
    return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

function scheduledTasks() {
    let size = 0;
    for (const app of App.apps) {
        size += app.scheduler.tasks.size;
    }
    return size;
}

function checkNoError(where) {
    const dialog = document.querySelector(".o_error_dialog");
    if (dialog) {
        throw new ScreenError(`${where}: error dialog: ${dialog.innerText.trim()}`);
    }
    if (rpcErrors.length) {
        throw new ScreenError(`${where}: failed request: ${rpcErrors.join("; ")}`);
    }
}

/**
 * Waits until the screen is still: no request under way, nothing left to
 * render, the same text over two frames in a row; fails on an error dialog.
 */
async function settle(where, ready = () => true) {
    const start = Date.now();
    let still = 0;
    let lastText = null;
    while (still < 2) {
        await nextFrame();
        checkNoError(where);
        const text = document.body.innerText;
        const quiet =
            !pending.size &&
            !scheduledTasks() &&
            !document.querySelector(".o_loading_indicator, .o_blockUI") &&
            ready();
        still = quiet && text === lastText ? still + 1 : 0;
        lastText = text;
        if (Date.now() - start > 30000) {
            throw new ScreenError(
                `${where}: still loading after 30 s (${[...pending.values()].join(", ")})`
            );
        }
    }
}

function makePatterns(strings) {
    return strings.map((text) => {
        const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        return {
            text,
            lower: text.toLowerCase(),
            regex: new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, "iu"),
        };
    });
}

function visibleText() {
    const parts = [document.body.innerText];
    for (const input of document.querySelectorAll("[placeholder]")) {
        if (input.offsetParent && input.placeholder) {
            parts.push(input.placeholder);
        }
    }
    return parts.join("\n");
}

function checkVietnamese(where, patterns) {
    checkNoError(where);
    const text = visibleText();
    // A plain search first: the few texts found are matched as words.
    const lower = text.toLowerCase();
    const found = new Map();
    for (const { text: english, lower: englishLower, regex } of patterns) {
        if (!lower.includes(englishLower)) {
            continue;
        }
        const match = regex.exec(text);
        if (match) {
            const start = text.lastIndexOf("\n", match.index) + 1;
            const end = text.indexOf("\n", match.index);
            found.set(english, text.slice(start, end < 0 ? undefined : end).trim());
        }
    }
    // The longest texts only: not "Monthly" when "Monthly list" is found.
    const longest = [...found].filter(
        ([english]) =>
            ![...found.keys()].some(
                (other) =>
                    other !== english && other.toLowerCase().includes(english.toLowerCase())
            )
    );
    if (longest.length) {
        const texts = longest.map(([english, line]) => `"${english}" in "${line.slice(0, 160)}"`);
        englishShown.push(`${where}: ${texts.join("; ")}`);
    }
}

function click(element) {
    for (const type of ["pointerdown", "mousedown", "pointerup", "mouseup", "click"]) {
        element.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true }));
    }
}

/** The filters, group-bys and favourites of the search bar, opened. */
async function checkSearchOptions(where, patterns) {
    const toggler = document.querySelector(".o_control_panel .o_searchview_dropdown_toggler");
    if (!toggler) {
        return;
    }
    click(toggler);
    await settle(where, () => document.querySelector(".o_search_bar_menu"));
    checkVietnamese(where, patterns);
    click(toggler);
    while (document.querySelector(".o_search_bar_menu")) {
        await nextFrame();
    }
}

/** The first record of a list or kanban view, opened in its form. */
async function checkFirstRecord(where, env, patterns) {
    if (document.querySelector(".o_view_sample_data")) {
        return false;
    }
    const cell = document.querySelector(
        ".o_list_renderer .o_data_row td.o_data_cell:not(.o_list_record_selector), " +
            ".o_kanban_renderer .o_kanban_record:not(.o_kanban_ghost)"
    );
    if (!cell) {
        return false;
    }
    const action = env.services.action;
    click(cell);
    await settle(where);
    if (action.currentController.view?.type !== "form") {
        // An editable list edits the row in place: leave it as it was.
        document.activeElement?.dispatchEvent(
            new KeyboardEvent("keydown", { key: "Escape", bubbles: true })
        );
        await settle(where);
        return false;
    }
    await settle(where, () => document.querySelector(".o_form_view"));
    checkVietnamese(where, patterns);
    const back = document.querySelectorAll(".o_breadcrumb .breadcrumb-item a");
    if (back.length) {
        click(back[back.length - 1]);
        await settle(where, () => action.currentController.view?.type !== "form");
    }
    return true;
}

/** Every other view of the action (kanban, pivot, graph, calendar...). */
async function checkOtherViews(where, patterns) {
    const types = [...document.querySelectorAll("nav.o_cp_switch_buttons .o_switch_view")]
        .filter((button) => !button.classList.contains("active"))
        .map((button) =>
            [...button.classList]
                .find((cls) => cls.startsWith("o_") && cls !== "o_switch_view")
                .slice(2)
        );
    for (const type of types) {
        const selector = `nav.o_cp_switch_buttons .o_switch_view.o_${type}`;
        const button = document.querySelector(selector);
        if (!button) {
            continue;
        }
        click(button);
        const what = `${where} › ${type} view`;
        await settle(what, () => document.querySelector(`${selector}.active`));
        checkVietnamese(what, patterns);
    }
}

function menuLeaves(menuService) {
    const app = menuService.getApps().find((menu) => menu.xmlid === ROOT_MENU);
    if (!app) {
        throw new ScreenError(`The programme's app (${ROOT_MENU}) is not in the menu`);
    }
    const leaves = [];
    const walk = (menu) => {
        if (menu.actionID && menu.id !== app.id) {
            leaves.push(menu);
        }
        for (const child of menu.childrenTree || []) {
            walk(child);
        }
    };
    walk(menuService.getMenuAsTree(app.id));
    return leaves;
}

async function checkHome(env, home, patterns) {
    await settle("home", () => document.querySelector(".o_action_manager .o_view_controller"));
    const controller = env.services.action.currentController;
    const shown = {
        action_id: controller.action.id,
        res_model: controller.action.res_model,
        view_type: controller.view?.type,
    };
    for (const key of ["action_id", "res_model", "view_type"]) {
        if (shown[key] !== home[key]) {
            throw new ScreenError(
                `home: shows ${JSON.stringify(shown)}, expected ${JSON.stringify(home)}`
            );
        }
    }
    if (home.filter) {
        const facets = [...document.querySelectorAll(".o_searchview_facet")].map(
            (facet) => facet.innerText
        );
        if (!facets.some((facet) => facet.includes(home.filter))) {
            throw new ScreenError(
                `home: the filter "${home.filter}" is not applied (facets: ${facets})`
            );
        }
    }
    checkVietnamese("home", patterns);
}

async function checkMenus(env, params, patterns) {
    const leaves = menuLeaves(env.services.menu);
    const shown = leaves.map((menu) => menu.xmlid).sort();
    const expected = [...params.menus].sort();
    if (JSON.stringify(shown) !== JSON.stringify(expected)) {
        throw new ScreenError(
            `menus: the web client shows ${shown}, the server gives ${expected}`
        );
    }
    let records = 0;
    // Two menus may open one action: its views are read once; and one form
    // of each model.
    const actionsRead = new Set();
    const formsRead = new Set();
    for (const menu of leaves) {
        const where = `menu "${menu.name}" (${menu.xmlid})`;
        const t0 = Date.now();
        await env.services.menu.selectMenu(menu);
        await settle(where, () =>
            document.querySelector(
                ".o_action_manager .o_view_controller, .o_action_manager .o_action"
            )
        );
        checkVietnamese(where, patterns);
        if (document.querySelector(".o_dialog")) {
            // A wizard (an action opened in a dialog): read it, then close it.
            await env.services.action.doAction({ type: "ir.actions.act_window_close" });
            await settle(where, () => !document.querySelector(".o_dialog"));
        } else if (!actionsRead.has(menu.actionID)) {
            actionsRead.add(menu.actionID);
            await checkSearchOptions(`${where} › search options`, patterns);
            const model = env.services.action.currentController.action.res_model;
            if (!formsRead.has(model)) {
                if (await checkFirstRecord(`${where} › first record`, env, patterns)) {
                    formsRead.add(model);
                    records++;
                }
            }
            await checkOtherViews(where, patterns);
        }
        console.log(`checked ${where} in ${Date.now() - t0} ms`);
    }
    return { menus: leaves.length, records };
}

async function checkCreationMessage(env, create, patterns) {
    const [id] = await env.services.orm.create(create.model, [create.values]);
    await env.services.action.doAction({
        type: "ir.actions.act_window",
        res_model: create.model,
        res_id: id,
        views: [[false, "form"]],
    });
    const where = `chatter of the new ${create.model}`;
    await settle(where, () => document.querySelector(".o-mail-Message"));
    const bodies = [...document.querySelectorAll(".o-mail-Message .o-mail-Message-body")].map(
        (body) => body.innerText.trim()
    );
    if (!bodies.includes(create.message)) {
        throw new ScreenError(
            `${where}: expected "${create.message}", shows ${JSON.stringify(bodies)}`
        );
    }
    checkVietnamese(where, patterns);
}

export async function checkRoleScreens(params) {
    const env = odoo.__WOWL_DEBUG__.root.env;
    const patterns = makePatterns(params.english);
    try {
        await checkHome(env, params.home, patterns);
        const done = await checkMenus(env, params, patterns);
        if (params.create) {
            await checkCreationMessage(env, params.create, patterns);
        }
        console.log(`${params.login}: ${done.menus} menus, ${done.records} records checked`);
        if (englishShown.length) {
            throw new ScreenError(`English text shown:\n${englishShown.join("\n")}`);
        }
        console.log("test successful");
    } catch (error) {
        console.error(
            error instanceof ScreenError ? `${params.login}: ${error.message}` : error
        );
    }
}
