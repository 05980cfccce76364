import { ROLES, userListQuerySchema, userUpdateBodySchema, type Role, type User } from '@relaydesk/shared';
import { useCallback, useState } from 'react';
import { Modal } from '../../components/Modal.js';
import { z } from 'zod';
import { fieldErrorMessage } from '../../api/formErrors.js';
import { useServerForm } from '../../api/useServerForm.js';
import { useUpdateUser, useUserList } from '../../api/users.js';
import { RoleBadge } from '../../components/Badges.js';
import { FormError, FormField, SubmitButton } from '../../components/FormField.js';
import { Pagination } from '../../components/Pagination.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryStates.js';
import { SearchBox } from '../../components/SearchBox.js';
import { SelectFilter } from '../../components/SelectFilter.js';
import { UserAvatar } from '../../components/UserAvatar.js';
import { useListParams } from '../../hooks/useListParams.js';
import { roleLabel } from '../../lib/labels.js';
import { useCurrentUser } from '../../providers/SessionProvider.js';
import { useToast } from '../../providers/ToastProvider.js';
import { skillsTextSchema } from '../apply/skillsField.js';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: roleLabel(r) }));
const PER_PAGE = 15;

/** The edit form: role and skills (as text), checked by the shared update schema's parts. */
const userEditFormSchema = z.object({
  role: userUpdateBodySchema.shape.role.unwrap(),
  skills: skillsTextSchema(userUpdateBodySchema.shape.skills.unwrap()),
});

/** Every account, with role and skills editing where the server allows it. */
export function UsersScene() {
  const [params, setParams] = useListParams(userListQuerySchema);
  const list = useUserList({ page: params.page, limit: PER_PAGE, role: params.role, q: params.q });
  const [editing, setEditing] = useState<User | null>(null);
  const onSearch = useCallback((q: string) => setParams({ q }), [setParams]);

  return (
    <section aria-labelledby="users-title" className="flex flex-col gap-4">
      <h1 id="users-title" className="text-2xl font-semibold">
        Users
      </h1>
      <div className="flex flex-col gap-3 rounded-box bg-base-100 p-3 sm:flex-row sm:items-center">
        <div className="sm:flex-1">
          <SearchBox value={params.q ?? ''} onSearch={onSearch} label="Search users" placeholder="Search name or email" />
        </div>
        <SelectFilter<Role> label="Role" value={params.role} options={ROLE_OPTIONS} onChange={(role) => setParams({ role })} />
      </div>
      {list.isPending ? (
        <LoadingState label="Loading users…" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title="No users match." />
      ) : (
        <div>
          <div className="overflow-x-auto rounded-box bg-base-100 shadow-xs">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Role</th>
                  <th scope="col" className="hidden md:table-cell">
                    Skills
                  </th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((user) => (
                  <tr key={user.id} data-testid="user-row">
                    <td>
                      <div className="flex items-center gap-3">
                        <UserAvatar user={user} size="sm" />
                        <div className="min-w-0">
                          <div className="font-medium">{user.name}</div>
                          <div className="truncate text-xs opacity-70">{user.email}</div>
                        </div>
                      </div>
                    </td>
                    <td>
                      <RoleBadge role={user.role} />
                    </td>
                    <td className="hidden md:table-cell">
                      <div className="flex max-w-xs flex-wrap gap-1">
                        {user.skills.length === 0 ? (
                          <span className="text-xs opacity-60">—</span>
                        ) : (
                          user.skills.map((skill) => (
                            <span key={skill} className="badge badge-outline badge-sm">
                              {skill}
                            </span>
                          ))
                        )}
                      </div>
                    </td>
                    <td className="text-right">
                      {user.abilities.update && (
                        <button type="button" className="btn btn-ghost btn-sm" onClick={() => setEditing(user)} aria-label={`Edit ${user.name}`}>
                          Edit
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            page={list.data.page}
            totalPages={list.data.totalPages}
            total={list.data.total}
            itemLabel="users"
            isFetching={list.isFetching && list.isPlaceholderData}
            onPageChange={(page) => setParams({ page })}
          />
        </div>
      )}
      {editing && <EditUserDialog user={editing} onClose={() => setEditing(null)} />}
    </section>
  );
}

function EditUserDialog({ user, onClose }: { user: User; onClose(): void }) {
  const self = useCurrentUser();
  const updateUser = useUpdateUser();
  const { showToast } = useToast();
  const {
    register,
    formError,
    onSubmit,
    formState: { errors, isSubmitting },
  } = useServerForm({
    schema: userEditFormSchema,
    defaultValues: { role: user.role, skills: user.skills.join(', ') },
    async submit(body) {
      await updateUser.mutateAsync({ id: user.id, body });
      showToast({ tone: 'success', message: `${user.name} updated.` });
      onClose();
    },
  });

  return (
    <Modal labelledBy="edit-user-title" onClose={onClose}>
      <form className="flex flex-col gap-1" onSubmit={onSubmit} noValidate>
        <h2 id="edit-user-title" className="text-lg font-semibold">
          Edit {user.name}
        </h2>
        <FormField label="Role" error={errors.role?.message} hint={user.id === self.id ? 'This is you.' : undefined}>
          {(field) => (
            <select {...field} {...register('role')} className="select w-full">
              {ROLE_OPTIONS.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label="Skills" error={fieldErrorMessage(errors.skills)} hint="Separate skills with commas.">
          {(field) => <input {...field} {...register('skills')} className="input w-full" autoComplete="off" />}
        </FormField>
        <FormError message={formError} />
        <div className="modal-action">
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            Cancel
          </button>
          <SubmitButton busy={isSubmitting}>Save</SubmitButton>
        </div>
      </form>
    </Modal>
  );
}
