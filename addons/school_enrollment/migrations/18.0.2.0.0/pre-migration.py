"""18.0.2.0.0: every model of the addon carries the ``school.enrollment.`` prefix.

Runs before the new code is loaded on a database that has the 18.0.1.x models, and renames
them in place (models, tables with their id sequences, indexes and constraints, many2many
tables, external ids, and every stored reference to the model names: chatter messages,
followers, activities, attachments, actions, views, filters, queued jobs...), so that the
change requests, assignment runs, document types and their history are kept instead of
being dropped and created again empty.

Plain SQL in the way of openupgradelib's ``rename_models``, ``rename_tables`` and
``rename_xmlids`` (openupgradelib is not a dependency of the addon).
"""

import json
import logging
import re

from psycopg2.extras import Json

from odoo.tools import SQL
from odoo.tools.sql import column_exists, make_identifier, make_index_name, table_exists

_logger = logging.getLogger(__name__)

MODELS = [
    ("school.change.request", "school.enrollment.change.request"),
    ("school.assignment.run", "school.enrollment.assignment.run"),
    ("school.request.document.type", "school.enrollment.document.type"),
    ("school.assignment.wizard", "school.enrollment.assignment.wizard"),
]
# the tables of the models, then the many2many tables named after them; with the prefix
# of their indexes and constraints (PostgreSQL shortens the names it makes to 63 characters)
TOKENS = [(old.replace(".", "_"), new.replace(".", "_")) for old, new in MODELS]
TABLES = [(old, new, old, new) for old, new in TOKENS] + [
    (
        f"school_change_request_{name}_rel",
        f"school_enrollment_change_request_{name}_rel",
        "school_change_request_",
        "school_enrollment_change_request_",
    )
    for name in ("attachment", "required_doc", "received_doc", "pending_doc")
]
# stored columns that hold a model name (mail_message.model, ir_attachment.res_model,
# ir_act_window.res_model, ir_ui_view.model, ir_model_data.model, ir_filters.model_id, ...)
MODEL_NAME_COLUMNS = (
    "model",
    "res_model",
    "model_name",
    "res_model_name",
    "parent_res_model",
    "resource",
    "model_id",
)
# sequence codes that were the model name
SEQUENCE_CODES = [("school.change.request", "school.enrollment.change.request")]


def _like(prefix):
    return prefix.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + "%"


def _rename_table(cr, old, new, prefix, new_prefix):
    """Rename a table, its id sequence, and its indexes and constraints named after it
    (``prefix`` replaced by ``new_prefix``).

    Returns the renamed constraints, as (old name, new name)."""
    _logger.info("table %s: renaming to %s", old, new)
    cr.execute(SQL("ALTER TABLE %s RENAME TO %s", SQL.identifier(old), SQL.identifier(new)))
    cr.execute("SELECT 1 FROM pg_class WHERE relkind = 'S' AND relname = %s", (f"{old}_id_seq",))
    if cr.rowcount:
        cr.execute(
            SQL(
                "ALTER SEQUENCE %s RENAME TO %s",
                SQL.identifier(f"{old}_id_seq"),
                SQL.identifier(f"{new}_id_seq"),
            )
        )
    renamed = []
    # indexes (those of unique and primary keys rename their constraint too)
    cr.execute(
        """
        SELECT ci.relname, con.conname
          FROM pg_index i
          JOIN pg_class ct ON ct.oid = i.indrelid
          JOIN pg_class ci ON ci.oid = i.indexrelid
     LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = ct.oid
         WHERE ct.relname = %s AND ci.relname LIKE %s
        """,
        (new, _like(prefix)),
    )
    for old_index, conname in cr.fetchall():
        field_index = re.fullmatch(rf"{re.escape(old)}__(\w+)_index", old_index)
        if field_index:  # the name Odoo looks for before creating a field's index
            new_index = make_index_name(new, field_index.group(1))
        else:
            new_index = make_identifier(old_index.replace(prefix, new_prefix, 1))
        cr.execute(
            SQL("ALTER INDEX %s RENAME TO %s", SQL.identifier(old_index), SQL.identifier(new_index))
        )
        if conname == old_index:
            renamed.append((old_index, new_index))
    # the other constraints (foreign keys, checks)
    cr.execute(
        """
        SELECT con.conname
          FROM pg_constraint con
          JOIN pg_class ct ON ct.oid = con.conrelid
         WHERE ct.relname = %s AND con.conname LIKE %s
        """,
        (new, _like(prefix)),
    )
    for (old_constraint,) in cr.fetchall():
        new_constraint = make_identifier(old_constraint.replace(prefix, new_prefix, 1))
        cr.execute(
            SQL(
                "ALTER TABLE %s RENAME CONSTRAINT %s TO %s",
                SQL.identifier(new),
                SQL.identifier(old_constraint),
                SQL.identifier(new_constraint),
            )
        )
        renamed.append((old_constraint, new_constraint))
    return renamed


def _model_name_columns(cr):
    cr.execute(
        """
        SELECT c.table_name, c.column_name
          FROM information_schema.columns c
          JOIN information_schema.tables t
            ON t.table_schema = c.table_schema AND t.table_name = c.table_name
         WHERE c.table_schema = current_schema()
           AND t.table_type = 'BASE TABLE'
           AND c.column_name IN %s
           AND c.data_type IN ('character varying', 'text')
         ORDER BY 1, 2
        """,
        (MODEL_NAME_COLUMNS,),
    )
    return cr.fetchall()


def _reference_columns(cr):
    cr.execute("SELECT model, name FROM ir_model_fields WHERE ttype = 'reference' AND store")
    return [
        (model.replace(".", "_"), name)
        for model, name in cr.fetchall()
        if column_exists(cr, model.replace(".", "_"), name)
    ]


def _rename_in_jobs(cr, old, new):
    """queue_job: the job functions ("<school.assignment.run>._run_queued") and the jobs."""
    cr.execute(
        "UPDATE queue_job_function SET name = replace(name, %s, %s) WHERE name LIKE %s",
        (f"<{old}>.", f"<{new}>.", _like(f"<{old}>.")),
    )
    cr.execute(
        """
        UPDATE queue_job
           SET channel_method_name = replace(channel_method_name, %s, %s),
               func_string = replace(func_string, %s, %s)
         WHERE model_name = %s
     RETURNING id, records
        """,
        (f"<{old}>.", f"<{new}>.", f"{old}(", f"{new}(", new),
    )
    for job_id, records in cr.fetchall():
        # the recordset the job runs on: {"_type": "odoo_recordset", "model": ..., "ids": ...},
        # stored by queue_job as a JSON string inside the jsonb column
        doc = json.loads(records) if isinstance(records, str) else records
        if not isinstance(doc, dict) or doc.get("model") != old:
            continue
        doc["model"] = new
        value = json.dumps(doc) if isinstance(records, str) else doc
        cr.execute("UPDATE queue_job SET records = %s WHERE id = %s", (Json(value), job_id))


def migrate(cr, version):
    if not version:
        return
    cr.execute("SELECT model FROM ir_model WHERE model IN %s", (tuple(o for o, _n in MODELS),))
    if not cr.rowcount:
        return  # already renamed
    # tables, sequences, indexes and constraints; the ORM finds them under the new names
    renamed_constraints = []
    for old, new, prefix, new_prefix in TABLES:
        if table_exists(cr, old) and not table_exists(cr, new):
            renamed_constraints += _rename_table(cr, old, new, prefix, new_prefix)
    for old, new in renamed_constraints:
        cr.execute("UPDATE ir_model_constraint SET name = %s WHERE name = %s", (new, old))
    for old, new, _prefix, _new_prefix in TABLES:
        cr.execute("UPDATE ir_model_relation SET name = %s WHERE name = %s", (new, old))
        cr.execute(
            "UPDATE ir_model_fields SET relation_table = %s WHERE relation_table = %s", (new, old)
        )

    model_columns = _model_name_columns(cr)
    reference_columns = _reference_columns(cr)
    has_queue_job = table_exists(cr, "queue_job")
    for old, new in MODELS:
        _logger.info("model %s: renaming to %s", old, new)
        # ir_model.model, ir_model_fields.model, ir_model_data.model, mail_message.model,
        # mail_followers / mail_activity / ir_attachment / ir_act_window.res_model, ...
        for table, column_name in model_columns:
            column = SQL.identifier(column_name)
            cr.execute(
                SQL(
                    "UPDATE %s SET %s = %s WHERE %s = %s",
                    SQL.identifier(table),
                    column,
                    new,
                    column,
                    old,
                )
            )
        cr.execute("UPDATE ir_model_fields SET relation = %s WHERE relation = %s", (new, old))
        for table, column_name in reference_columns:
            column = SQL.identifier(column_name)
            cr.execute(
                SQL(
                    "UPDATE %s SET %s = %s || substr(%s, %s) WHERE %s LIKE %s",
                    SQL.identifier(table),
                    column,
                    f"{new},",
                    column,
                    len(old) + 2,
                    column,
                    _like(f"{old},"),
                )
            )
        if has_queue_job:
            _rename_in_jobs(cr, old, new)
    for old, new in SEQUENCE_CODES:
        cr.execute("UPDATE ir_sequence SET code = %s WHERE code = %s", (new, old))

    # external ids named after the models: model_*, field_*, selection__*, constraint_*,
    # and the views, actions, menus, access rights and job function of the addon (also those
    # of other modules: mail's activity_state selections, the call center bridge's view)
    for old_token, new_token in TOKENS:
        cr.execute(
            """
            UPDATE ir_model_data d
               SET name = replace(d.name, %(old)s, %(new)s)
             WHERE d.name LIKE %(like)s
               AND NOT EXISTS (
                   SELECT 1 FROM ir_model_data d2
                    WHERE d2.module = d.module AND d2.name = replace(d.name, %(old)s, %(new)s)
               )
            """,
            {"old": old_token, "new": new_token, "like": "%" + _like(old_token)},
        )
        _logger.info("%s: %s external ids renamed", new_token, cr.rowcount)
